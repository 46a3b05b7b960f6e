// What the two market screens (Buy, Sell) are given by the household shell.

import type { Api } from "../lib/api";
import type { Prefs } from "../lib/prefs";
import type { Autopilot } from "../lib/stores/autopilot.svelte";
import type { Clock } from "../lib/stores/clock.svelte";
import type { Names } from "../lib/stores/names.svelte";
import type { Session } from "../lib/stores/session.svelte";
import type { MyProfile } from "../lib/types";

export interface MarketViewProps {
  api: Api;
  session: Session;
  clock: Clock;
  names: Names;
  me: MyProfile;
  autopilot: Autopilot;
  prefs: Prefs;
}
