//! Finding local producers and consumers through the discovery paths.

use std::collections::BTreeSet;

use hdk::prelude::*;
use ioen_core::profile::{consumer_path, producer_path, GenerationMethod};
use ioen_core::ProfileData;
use profiles_integrity::{path_hash, LinkTypes};

use crate::error::ProfilesError;
use crate::profile::{get_profile, parse_methods};

/// Which producers to look for.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct FindProducersInput {
    /// The consumer's postcode: its own area and the neighbours the network declares are searched.
    pub postcode: String,
    /// Only producers with one of these methods (all methods when absent or empty).
    #[serde(default)]
    pub methods: Option<Vec<String>>,
}

/// Which consumers to look for.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct FindConsumersInput {
    /// Postcode whose consumers are listed.
    pub postcode: String,
}

/// A household found through a discovery path.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Listing {
    /// The household's agent key.
    pub agent: AgentPubKey,
    /// Action hash of its current profile version (what a bid names).
    pub profile_hash: ActionHash,
    /// Its current profile.
    pub profile: ProfileData,
    /// For producers: the methods it produces that matched the search.
    pub matched_methods: Vec<GenerationMethod>,
    /// Whether it is in the searched postcode itself (else in a neighbouring one).
    pub same_postcode: bool,
}

/// Producers local to `postcode` (its own and its neighbouring postcodes), optionally only those
/// with one of `methods`; the caller itself is left out. Own postcode first, then by name.
#[hdk_extern]
pub fn find_producers(input: FindProducersInput) -> ExternResult<Vec<Listing>> {
    let props = ioen_hdi::network_properties()?;
    let postcode = input.postcode.trim().to_string();
    props
        .postcode_format
        .check_postcode(&postcode)
        .map_err(ProfilesError::from)?;
    let wanted: Vec<GenerationMethod> = match &input.methods {
        Some(methods) if !methods.is_empty() => parse_methods(methods)?,
        _ => GenerationMethod::ALL.to_vec(),
    };
    let area = props.local_postcodes(&postcode);
    let mut bases = Vec::new();
    for pc in &area {
        for method in &wanted {
            bases.push(producer_path(*method, pc));
        }
    }
    let mut listings: Vec<Listing> = households_under(&bases)?
        .into_iter()
        .filter_map(|household| {
            let matched: Vec<GenerationMethod> = household
                .profile
                .producer_methods
                .iter()
                .copied()
                .filter(|m| wanted.contains(m))
                .collect();
            let local = area.contains(&household.profile.postcode);
            (local && !matched.is_empty()).then(|| Listing {
                same_postcode: household.profile.postcode == postcode,
                agent: household.agent,
                profile_hash: household.profile_hash,
                profile: household.profile,
                matched_methods: matched,
            })
        })
        .collect();
    sort_listings(&mut listings);
    Ok(listings)
}

/// Consumers registered in `postcode` (households that accept at least one method); the caller
/// itself is left out. Sorted by name.
#[hdk_extern]
pub fn find_consumers(input: FindConsumersInput) -> ExternResult<Vec<Listing>> {
    let props = ioen_hdi::network_properties()?;
    let postcode = input.postcode.trim().to_string();
    props
        .postcode_format
        .check_postcode(&postcode)
        .map_err(ProfilesError::from)?;
    let mut listings: Vec<Listing> = households_under(&[consumer_path(&postcode)])?
        .into_iter()
        .filter(|h| h.profile.postcode == postcode && !h.profile.accepted_methods.is_empty())
        .map(|h| Listing {
            same_postcode: true,
            matched_methods: Vec::new(),
            agent: h.agent,
            profile_hash: h.profile_hash,
            profile: h.profile,
        })
        .collect();
    sort_listings(&mut listings);
    Ok(listings)
}

/// The current profiles of the agents linked from any of `paths`, except the caller's.
///
/// A path link only nominates an agent; what counts is that agent's current profile (read
/// through its agent link), so stale links left by an old profile version are harmless.
fn households_under(paths: &[String]) -> ExternResult<Vec<crate::HouseholdProfile>> {
    let me = agent_info()?.agent_initial_pubkey;
    let mut agents = BTreeSet::new();
    for path in paths {
        let links = get_links(
            LinkQuery::try_new(path_hash(path)?, LinkTypes::PathToProfile)?,
            GetStrategy::Network,
        )?;
        for link in links {
            if link.author != me {
                agents.insert(link.author);
            }
        }
    }
    let mut households = Vec::new();
    for agent in agents {
        if let Some(household) = get_profile(agent)? {
            households.push(household);
        }
    }
    Ok(households)
}

fn sort_listings(listings: &mut [Listing]) {
    listings.sort_by(|a, b| {
        b.same_postcode
            .cmp(&a.same_postcode)
            .then_with(|| a.profile.name.cmp(&b.profile.name))
            .then_with(|| a.profile.postcode.cmp(&b.profile.postcode))
    });
}
