#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

use super::*;
use crate::properties::PostcodeFormat;
use GenerationMethod::{Battery, Biomass, Grid, Hydro, Solar, Wind};

fn props() -> NetworkProperties {
    NetworkProperties::default()
}

fn name_error(name: &str) -> String {
    check_profile(name, "3149", &[Solar], &[], &props())
        .unwrap_err()
        .to_string()
}

#[test]
fn method_names() {
    assert_eq!(
        GenerationMethod::ALL,
        [Solar, Wind, Hydro, Battery, Biomass, Grid]
    );
    let names: Vec<&str> = GenerationMethod::ALL.iter().map(|m| m.as_str()).collect();
    assert_eq!(
        names,
        ["solar", "wind", "hydro", "battery", "biomass", "grid"]
    );
    assert_eq!(
        GenerationMethod::names(),
        "solar, wind, hydro, battery, biomass, grid"
    );
    for method in GenerationMethod::ALL {
        assert_eq!(method.to_string(), method.as_str());
        let json = serde_json::to_string(&method).unwrap();
        assert_eq!(json, format!("\"{}\"", method.as_str()));
        assert_eq!(
            serde_json::from_str::<GenerationMethod>(&json).unwrap(),
            method
        );
    }
}

#[test]
fn only_grid_is_not_renewable() {
    let renewable: Vec<_> = GenerationMethod::ALL
        .into_iter()
        .filter(GenerationMethod::is_renewable)
        .collect();
    assert_eq!(renewable, [Solar, Wind, Hydro, Battery, Biomass]);
}

#[test]
fn parse_methods() {
    assert_eq!("solar".parse(), Ok(Solar));
    assert_eq!(" Wind\n".parse(), Ok(Wind));
    assert_eq!("BIOMASS".parse(), Ok(Biomass));
    let err = "coal".parse::<GenerationMethod>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "'coal' is not a generation method; use one of: solar, wind, hydro, battery, biomass, grid."
    );
    assert_eq!(
        "  Nuclear ".parse::<GenerationMethod>(),
        Err(CoreError::UnknownMethod {
            method: "Nuclear".to_string()
        })
    );
    assert!("".parse::<GenerationMethod>().is_err());
}

#[test]
fn valid_profiles() {
    let props = props();
    assert_eq!(
        check_profile("Alice", "3149", &[Solar], &[], &props),
        Ok(())
    );
    assert_eq!(
        check_profile("Bob", "3149", &[], &[Solar, Grid], &props),
        Ok(())
    );
    assert_eq!(
        check_profile(
            "Zoë's house",
            "3149",
            &GenerationMethod::ALL,
            &GenerationMethod::ALL,
            &props
        ),
        Ok(())
    );
    assert_eq!(
        check_profile(&"é".repeat(64), "3149", &[Wind], &[], &props),
        Ok(())
    );
}

#[test]
fn name_rules() {
    assert_eq!(name_error(""), "The name must not be empty.");
    assert_eq!(name_error("   "), "The name must not be empty.");
    assert_eq!(
        name_error(&"a".repeat(70)),
        "The name must be at most 64 characters; it has 70."
    );
    assert_eq!(
        check_profile(&"é".repeat(65), "3149", &[Wind], &[], &props()),
        Err(CoreError::InvalidName {
            reason: "The name must be at most 64 characters; it has 65.".to_string()
        })
    );
    assert_eq!(
        name_error(" Alice"),
        "The name must not start or end with spaces."
    );
    assert_eq!(
        name_error("Alice\t"),
        "The name must not start or end with spaces."
    );
    assert_eq!(
        name_error("Al\u{0}ice"),
        "The name must not contain control characters."
    );
}

#[test]
fn postcode_rule() {
    assert_eq!(
        check_profile("Alice", "31A9", &[Solar], &[], &props())
            .unwrap_err()
            .to_string(),
        "'31A9' is not a valid postcode: expected 4 digits (AU)."
    );
    let us = NetworkProperties {
        postcode_format: PostcodeFormat::Us,
        ..props()
    };
    assert_eq!(check_profile("Alice", "94103", &[Solar], &[], &us), Ok(()));
}

#[test]
fn method_rules() {
    let err = check_profile("Alice", "3149", &[Solar, Wind, Solar], &[], &props()).unwrap_err();
    assert_eq!(err, CoreError::DuplicateMethod { method: Solar });
    assert_eq!(
        err.to_string(),
        "The generation method solar is listed more than once; list each method at most once."
    );
    assert_eq!(
        check_profile("Alice", "3149", &[Solar], &[Grid, Grid], &props()),
        Err(CoreError::DuplicateMethod { method: Grid })
    );
    let err = check_profile("Alice", "3149", &[], &[], &props()).unwrap_err();
    assert_eq!(err, CoreError::NoRole);
    assert_eq!(
        err.to_string(),
        "A household must produce or accept at least one generation method."
    );
}

#[test]
fn private_details() {
    assert_eq!(check_private_details("", ""), Ok(()));
    assert_eq!(
        check_private_details("1 Main St\nHawthorn VIC 3122", "NMI-6305123456"),
        Ok(())
    );
    assert_eq!(
        check_private_details(&"a".repeat(200), &"m".repeat(64)),
        Ok(())
    );
    let err = check_private_details(&"a".repeat(250), "").unwrap_err();
    assert_eq!(
        err,
        CoreError::TooLong {
            field: "address".to_string(),
            max: 200,
            actual: 250
        }
    );
    assert_eq!(
        err.to_string(),
        "The address must be at most 200 characters; it has 250."
    );
    assert_eq!(
        check_private_details("", &"m".repeat(65))
            .unwrap_err()
            .to_string(),
        "The meter ID must be at most 64 characters; it has 65."
    );
    assert_eq!(
        check_private_details("", "NMI\n1").unwrap_err().to_string(),
        "The meter ID must not contain control characters."
    );
    assert_eq!(
        check_private_details("1 Main St\u{7}", "")
            .unwrap_err()
            .to_string(),
        "The address must not contain control characters."
    );
}

#[test]
fn paths() {
    assert_eq!(producer_path(Solar, "3149"), "Producer.solar.3149");
    assert_eq!(consumer_path("3149"), "Consumer.3149");
    assert_eq!(
        profile_paths("3149", &[Solar, Battery], &[Wind]),
        [
            "Producer.solar.3149",
            "Producer.battery.3149",
            "Consumer.3149"
        ]
    );
    assert_eq!(
        profile_paths("3149", &[Hydro], &[]),
        ["Producer.hydro.3149"]
    );
    assert_eq!(profile_paths("3149", &[], &[Grid]), ["Consumer.3149"]);
    assert_eq!(
        profile_paths("3149", &[Wind, Wind], &[]),
        ["Producer.wind.3149"]
    );
    assert!(profile_paths("3149", &[], &[]).is_empty());
}

#[test]
fn update_author() {
    assert_eq!(check_profile_update_author(b"alice", b"alice"), Ok(()));
    let err = check_profile_update_author(b"alice", b"mallory").unwrap_err();
    assert_eq!(
        err,
        CoreError::NotAuthor {
            what: "profile".to_string(),
            action: "update".to_string()
        }
    );
    assert_eq!(err.to_string(), "Only its author may update a profile.");
}

#[test]
fn profile_seq() {
    assert_eq!(check_profile_seq(0), Ok(()));
    assert_eq!(check_profile_seq(MAX_PROFILE_ACTION_SEQ), Ok(()));
    assert_eq!(
        check_profile_seq(MAX_PROFILE_ACTION_SEQ + 1),
        Err(CoreError::ProfileTooLate {
            action_seq: 25,
            max: 24
        })
    );
    assert_eq!(
        check_profile_seq(30).unwrap_err().to_string(),
        "A profile must be created no later than action 24 of a source chain (this is action 30)."
    );
}

#[test]
fn duplicate_profile_message() {
    assert_eq!(
        CoreError::DuplicateProfile.to_string(),
        "An agent can create only one profile; update the existing one instead."
    );
}

fn method() -> impl Strategy<Value = GenerationMethod> {
    prop::sample::select(GenerationMethod::ALL.to_vec())
}

proptest! {
    #[test]
    fn parse_round_trips_any_case(m in method(), upper in prop::collection::vec(any::<bool>(), 8)) {
        let mixed: String = m
            .as_str()
            .chars()
            .zip(upper.iter().cycle())
            .map(|(c, &u)| if u { c.to_ascii_uppercase() } else { c })
            .collect();
        prop_assert_eq!(format!(" {mixed} ").parse::<GenerationMethod>(), Ok(m));
    }

    #[test]
    fn profile_paths_match_the_lists(
        producer in prop::collection::btree_set(method(), 0..=6),
        accepted in prop::collection::vec(method(), 0..=3),
        postcode in "[0-9]{4}",
    ) {
        let producer: Vec<_> = producer.into_iter().collect();
        let paths = profile_paths(&postcode, &producer, &accepted);
        prop_assert_eq!(paths.len(), producer.len() + usize::from(!accepted.is_empty()));
        for m in &producer {
            prop_assert!(paths.contains(&producer_path(*m, &postcode)));
        }
        prop_assert_eq!(paths.contains(&consumer_path(&postcode)), !accepted.is_empty());
    }

    #[test]
    fn valid_names_pass(name in "[A-Za-z0-9][A-Za-z0-9 ]{0,62}[A-Za-z0-9]") {
        prop_assert_eq!(check_profile(&name, "3149", &[Solar], &[], &props()), Ok(()));
    }

    #[test]
    fn long_names_fail(name in "[a-z]{65,100}") {
        let err = check_profile(&name, "3149", &[Solar], &[], &props()).unwrap_err();
        let expected = format!("The name must be at most 64 characters; it has {}.", name.len());
        prop_assert_eq!(err.to_string(), expected);
    }

    #[test]
    fn duplicates_are_always_found(methods in prop::collection::vec(method(), 0..10)) {
        let mut unique = methods.clone();
        unique.sort();
        unique.dedup();
        let has_duplicate = unique.len() < methods.len();
        let result = check_profile("Alice", "3149", &methods, &[Grid], &props());
        prop_assert_eq!(result.is_err(), has_duplicate);
    }

    #[test]
    fn profile_seq_boundary(seq in any::<u32>()) {
        prop_assert_eq!(check_profile_seq(seq).is_ok(), seq <= MAX_PROFILE_ACTION_SEQ);
    }
}
