#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

#[test]
fn every_message_is_a_sentence() {
    let errors = [
        CoreError::AmountOverflow {
            energy_wh: 1,
            price_per_kwh: 2,
        },
        CoreError::InvalidProperty {
            name: "n".to_string(),
            reason: "r".to_string(),
        },
        CoreError::BeforeEpoch {
            t_micros: 1,
            epoch_ms: 2,
        },
        CoreError::OutsideBiddingWindow {
            supply_cycle: 0,
            current_cycle: None,
        },
        CoreError::OutsideBiddingWindow {
            supply_cycle: 3,
            current_cycle: None,
        },
        CoreError::InvalidPostcode {
            postcode: "p".to_string(),
            expected: "e".to_string(),
        },
        CoreError::UnknownMethod {
            method: "m".to_string(),
        },
        CoreError::InvalidName {
            reason: "The name must not be empty.".to_string(),
        },
        CoreError::DuplicateMethod {
            method: GenerationMethod::Wind,
        },
        CoreError::NoRole,
        CoreError::TooLong {
            field: "f".to_string(),
            max: 1,
            actual: 2,
        },
        CoreError::InvalidCharacters {
            field: "f".to_string(),
        },
        CoreError::NotAuthor {
            what: "w".to_string(),
            action: "a".to_string(),
        },
        CoreError::ProfileTooLate {
            action_seq: 1,
            max: 0,
        },
        CoreError::DuplicateProfile,
    ];
    for error in errors {
        let message = error.to_string();
        let first = message.chars().next().unwrap();
        assert!(first.is_uppercase() || first == '\'', "{message}");
        assert!(message.ends_with('.'), "{message}");
    }
}

#[test]
fn outside_bidding_window_variants() {
    assert_eq!(
        CoreError::OutsideBiddingWindow {
            supply_cycle: 1,
            current_cycle: Some(0)
        }
        .to_string(),
        "Supply cycle 1 can only be bid for, accepted or rejected during cycle 0; it is now cycle 0."
    );
    assert_eq!(
        CoreError::OutsideBiddingWindow {
            supply_cycle: 0,
            current_cycle: Some(4)
        }
        .to_string(),
        "Supply cycle 0 can never be bid for, accepted or rejected, because no cycle comes before it."
    );
}

#[test]
fn invalid_property_message() {
    assert_eq!(
        CoreError::InvalidProperty {
            name: "currency".to_string(),
            reason: "it must have 1 to 16 characters; it has 0".to_string()
        }
        .to_string(),
        "The network property currency is invalid: it must have 1 to 16 characters; it has 0."
    );
}
