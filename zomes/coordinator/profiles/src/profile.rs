//! Registering, updating and reading household profiles.

use hdk::prelude::*;
use ioen_core::profile::{
    check_private_details, check_profile, check_profile_seq, profile_paths, GenerationMethod,
};
use ioen_core::{PrivateDetailsData, ProfileData};
use profiles_integrity::{
    path_hash, EntryTypes, LinkTypes, PrivateDetails, Profile, UnitEntryTypes,
};

use crate::chain::{latest_own, links_of_version};
use crate::error::ProfilesError;
use ioen_hdk::is_warranted;

/// What a household fills in to register or to change its registration.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ProfileInput {
    /// Display name (1 to 64 characters).
    pub name: String,
    /// Postcode in the network's format.
    pub postcode: String,
    /// Methods it produces with, as text (`"solar"`, `"wind"`, ...).
    #[serde(default)]
    pub producer_methods: Vec<String>,
    /// Methods it accepts when buying, as text.
    #[serde(default)]
    pub accepted_methods: Vec<String>,
    /// Street address, kept private.
    #[serde(default)]
    pub address: String,
    /// Meter identifier, kept private.
    #[serde(default)]
    pub meter_id: String,
}

/// A household as others see it: its agent, the action hash of its current profile version and
/// the profile's content.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct HouseholdProfile {
    /// The household's agent key.
    pub agent: AgentPubKey,
    /// Action hash of the current version of the profile (what bids name).
    pub profile_hash: ActionHash,
    /// The profile's content.
    pub profile: ProfileData,
}

/// The caller's own profile, with its private details.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct MyProfile {
    /// The household's agent key.
    pub agent: AgentPubKey,
    /// Action hash of the current version of the profile.
    pub profile_hash: ActionHash,
    /// The profile's content.
    pub profile: ProfileData,
    /// Address and meter id, when recorded.
    pub private_details: Option<PrivateDetailsData>,
}

/// Parses a list of methods given as text, refusing unknown ones.
pub fn parse_methods(methods: &[String]) -> Result<Vec<GenerationMethod>, ProfilesError> {
    methods
        .iter()
        .map(|m| m.parse::<GenerationMethod>().map_err(ProfilesError::from))
        .collect()
}

fn checked_input(input: &ProfileInput) -> ExternResult<(ProfileData, PrivateDetailsData)> {
    let props = ioen_hdi::network_properties()?;
    let profile = ProfileData {
        name: input.name.clone(),
        postcode: input.postcode.trim().to_string(),
        producer_methods: parse_methods(&input.producer_methods)?,
        accepted_methods: parse_methods(&input.accepted_methods)?,
    };
    check_profile(
        &profile.name,
        &profile.postcode,
        &profile.producer_methods,
        &profile.accepted_methods,
        &props,
    )
    .map_err(ProfilesError::from)?;
    let details = PrivateDetailsData {
        address: input.address.trim().to_string(),
        meter_id: input.meter_id.trim().to_string(),
    };
    check_private_details(&details.address, &details.meter_id).map_err(ProfilesError::from)?;
    Ok((profile, details))
}

/// Registers the calling agent: its profile, private details, agent link and discovery paths.
#[hdk_extern]
pub fn create_profile(input: ProfileInput) -> ExternResult<MyProfile> {
    let (profile, details) = checked_input(&input)?;
    if latest_own(UnitEntryTypes::Profile)?.is_some() {
        return Err(ProfilesError::AlreadyRegistered.into());
    }
    // The profile will be the action after the chain head; refuse early what validation would.
    let next_seq = agent_info()?.chain_head.1.saturating_add(1);
    check_profile_seq(next_seq).map_err(ProfilesError::from)?;
    let profile_hash = create_entry(EntryTypes::Profile(Profile(profile.clone())))?;
    create_entry(EntryTypes::PrivateDetails(PrivateDetails(details.clone())))?;
    link_profile(&profile_hash, &profile)?;
    my_profile(profile_hash, profile, Some(details))
}

/// Changes the calling agent's profile and private details; moves its discovery paths.
#[hdk_extern]
pub fn update_profile(input: ProfileInput) -> ExternResult<MyProfile> {
    let (profile, details) = checked_input(&input)?;
    let previous = latest_own(UnitEntryTypes::Profile)?.ok_or(ProfilesError::NotRegistered)?;
    let profile_hash = update_entry(
        previous.action_address().clone(),
        EntryTypes::Profile(Profile(profile.clone())),
    )?;
    match latest_own(UnitEntryTypes::PrivateDetails)? {
        Some(old) => update_entry(
            old.action_address().clone(),
            EntryTypes::PrivateDetails(PrivateDetails(details.clone())),
        )?,
        None => create_entry(EntryTypes::PrivateDetails(PrivateDetails(details.clone())))?,
    };
    // The previous version's links are the live ones: each update deletes those before it.
    for link in links_of_version(&previous)? {
        delete_link(link, GetOptions::local())?;
    }
    link_profile(&profile_hash, &profile)?;
    my_profile(profile_hash, profile, Some(details))
}

/// The calling agent's own profile and private details, from its source chain.
#[hdk_extern]
pub fn get_my_profile() -> ExternResult<Option<MyProfile>> {
    let Some(record) = latest_own(UnitEntryTypes::Profile)? else {
        return Ok(None);
    };
    let Some(profile) = record.entry().to_app_option::<Profile>().ok().flatten() else {
        return Err(ProfilesError::Undecodable("profile").into());
    };
    let details = latest_own(UnitEntryTypes::PrivateDetails)?
        .and_then(|r| r.entry().to_app_option::<PrivateDetails>().ok().flatten())
        .map(|d| d.0);
    my_profile(record.action_address().clone(), profile.0, details).map(Some)
}

/// Another household's current profile, or `None` when it has none (or is warranted here).
#[hdk_extern]
pub fn get_profile(agent: AgentPubKey) -> ExternResult<Option<HouseholdProfile>> {
    if is_warranted(&agent)? {
        return Ok(None);
    }
    let links = get_links(
        LinkQuery::try_new(agent.clone(), LinkTypes::AgentToProfile)?.author(agent.clone()),
        GetStrategy::Network,
    )?;
    let Some(newest) = links.into_iter().max_by_key(|l| l.timestamp) else {
        return Ok(None);
    };
    let Some(hash) = newest.target.into_action_hash() else {
        return Ok(None);
    };
    let Some(record) = get(hash.clone(), GetOptions::network())? else {
        return Ok(None);
    };
    if record.action().author() != &agent {
        return Ok(None);
    }
    let Some(profile) = record.entry().to_app_option::<Profile>().ok().flatten() else {
        return Ok(None);
    };
    // A profile link says only that its target is a profile (decision 52): one that breaks the
    // profile's content rules (I1), which this node may not have judged yet, is not shown.
    let p = &profile.0;
    let props = ioen_hdi::network_properties()?;
    let profile_ok = check_profile(
        &p.name,
        &p.postcode,
        &p.producer_methods,
        &p.accepted_methods,
        &props,
    )
    .is_ok()
        && (!matches!(record.action(), Action::Create(_))
            || check_profile_seq(record.action().action_seq()).is_ok());
    if !profile_ok {
        return Ok(None);
    }
    Ok(Some(HouseholdProfile {
        agent,
        profile_hash: hash,
        profile: profile.0,
    }))
}

fn link_profile(profile_hash: &ActionHash, profile: &ProfileData) -> ExternResult<()> {
    let me = agent_info()?.agent_initial_pubkey;
    create_link(me, profile_hash.clone(), LinkTypes::AgentToProfile, ())?;
    for path in profile_paths(
        &profile.postcode,
        &profile.producer_methods,
        &profile.accepted_methods,
    ) {
        create_link(
            path_hash(&path)?,
            profile_hash.clone(),
            LinkTypes::PathToProfile,
            (),
        )?;
    }
    Ok(())
}

fn my_profile(
    profile_hash: ActionHash,
    profile: ProfileData,
    private_details: Option<PrivateDetailsData>,
) -> ExternResult<MyProfile> {
    Ok(MyProfile {
        agent: agent_info()?.agent_initial_pubkey,
        profile_hash,
        profile,
        private_details,
    })
}
