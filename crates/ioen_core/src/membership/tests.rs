use proptest::prelude::*;

use super::*;
use crate::units::MICRO_IOEN_PER_IOEN as IOEN;

const STEWARD: &str = "uhCAkAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

fn closed() -> NetworkProperties {
    NetworkProperties {
        stewards: vec![STEWARD.to_string()],
        ..NetworkProperties::default()
    }
}

fn invitation() -> Invitation {
    Invitation {
        invitee: vec![1; AGENT_KEY_BYTES],
        steward: vec![2; AGENT_KEY_BYTES],
        credit_limit: 250 * IOEN,
        expires_at_ms: 1_800_000_000_000,
        signature: vec![3; SIGNATURE_BYTES],
    }
}

fn facts() -> InvitationFacts {
    InvitationFacts {
        invitee_is_agent: true,
        steward_listed: true,
        signature_valid: true,
        credit_limit: 250 * IOEN,
        expires_at_ms: 1_800_000_000_000,
        joined_at_ms: Some(1_799_999_999_999),
    }
}

fn message(result: Result<MicroIoen, CoreError>) -> String {
    match result {
        Ok(limit) => format!("joins with {limit}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn invitation_bytes_round_trip() {
    let bytes = invitation().encode();
    assert_eq!(bytes.len(), INVITATION_BYTES);
    assert_eq!(&bytes[..8], b"IOENINV1");
    assert_eq!(bytes[8..47], [1; 39]);
    assert_eq!(bytes[47..86], [2; 39]);
    assert_eq!(bytes[86..94], (250 * IOEN).to_be_bytes());
    assert_eq!(bytes[94..102], 1_800_000_000_000_i64.to_be_bytes());
    assert_eq!(invitation().signed_message(), bytes[..102].to_vec());
    assert_eq!(Invitation::decode(&bytes), Ok(invitation()));
}

#[test]
fn malformed_invitations() {
    let bytes = invitation().encode();
    assert_eq!(
        message(Invitation::decode(&bytes[..100]).map(|_| 0)),
        "This is not a valid invitation code: it has 100 bytes instead of 166."
    );
    assert_eq!(
        message(Invitation::decode(&[]).map(|_| 0)),
        "This is not a valid invitation code: it has 0 bytes instead of 166."
    );
    let mut wrong_magic = bytes.clone();
    wrong_magic[0] = b'X';
    assert_eq!(
        message(Invitation::decode(&wrong_magic).map(|_| 0)),
        "This is not a valid invitation code: it does not start with IOENINV1."
    );
}

#[test]
fn stewards_and_open_networks_join_with_the_network_limit() {
    assert_eq!(check_join(&JoinFacts::Steward, &closed()), Ok(1_000 * IOEN));
    let open = NetworkProperties {
        open_network: true,
        ..NetworkProperties::default()
    };
    assert_eq!(
        check_join(&JoinFacts::NoInvitation, &open),
        Ok(1_000 * IOEN)
    );
    // On an open network an invitation is not needed, and its terms change nothing.
    let bad = InvitationFacts {
        signature_valid: false,
        ..facts()
    };
    assert_eq!(
        check_join(&JoinFacts::Invited(bad), &open),
        Ok(1_000 * IOEN)
    );
}

#[test]
fn invited_households_join_with_their_invitations_limit() {
    assert_eq!(
        check_join(&JoinFacts::Invited(facts()), &closed()),
        Ok(250 * IOEN)
    );
    // At genesis no time is known: the expiry is checked on the agent validation op.
    let at_genesis = InvitationFacts {
        joined_at_ms: None,
        ..facts()
    };
    assert_eq!(
        check_join(&JoinFacts::Invited(at_genesis), &closed()),
        Ok(250 * IOEN)
    );
    // Joining at the expiry itself still counts.
    let last_moment = InvitationFacts {
        joined_at_ms: Some(1_800_000_000_000),
        ..facts()
    };
    assert_eq!(
        check_join(&JoinFacts::Invited(last_moment), &closed()),
        Ok(250 * IOEN)
    );
    for credit_limit in [0, 1_000 * IOEN] {
        let f = InvitationFacts {
            credit_limit,
            ..facts()
        };
        assert_eq!(
            check_join(&JoinFacts::Invited(f), &closed()),
            Ok(credit_limit)
        );
    }
}

#[test]
fn refused_joins() {
    let closed = closed();
    let cases = [
        (
            JoinFacts::NoInvitation,
            "This network is open to invited households only: ask one of its stewards for an invitation code for your agent key.",
        ),
        (
            JoinFacts::Invited(InvitationFacts {
                invitee_is_agent: false,
                ..facts()
            }),
            "This invitation was made for another agent key; ask for one for your own key.",
        ),
        (
            JoinFacts::Invited(InvitationFacts {
                steward_listed: false,
                ..facts()
            }),
            "This invitation was not made by one of this network's stewards.",
        ),
        (
            JoinFacts::Invited(InvitationFacts {
                signature_valid: false,
                ..facts()
            }),
            "This invitation's signature does not verify: it was altered or not made by its steward.",
        ),
        (
            JoinFacts::Invited(InvitationFacts {
                credit_limit: 1_000 * IOEN + 1,
                ..facts()
            }),
            "This invitation grants a credit limit of 1000.000001 IOEN, but this network allows 0 to 1000.00 IOEN.",
        ),
        (
            JoinFacts::Invited(InvitationFacts {
                credit_limit: -1,
                ..facts()
            }),
            "This invitation grants a credit limit of -0.000001 IOEN, but this network allows 0 to 1000.00 IOEN.",
        ),
        (
            JoinFacts::Invited(InvitationFacts {
                joined_at_ms: Some(1_800_000_000_001),
                ..facts()
            }),
            "This invitation expired at 1800000000000 (milliseconds since 1970) and was used at 1800000000001; ask its steward for a new one.",
        ),
    ];
    for (join, expected) in cases {
        assert_eq!(message(check_join(&join, &closed)), expected);
    }
    assert_eq!(
        message(check_join(
            &JoinFacts::NoInvitation,
            &NetworkProperties::default()
        )),
        "This network names no stewards in its properties, so nobody can be invited into it: its organisers must name at least one steward (or set open_network)."
    );
}

#[test]
fn rule_order() {
    // Each fact is reported only once the ones before it hold.
    let mut f = InvitationFacts {
        invitee_is_agent: false,
        steward_listed: false,
        signature_valid: false,
        credit_limit: -1,
        expires_at_ms: 0,
        joined_at_ms: Some(1),
    };
    let closed = closed();
    let mut errors = Vec::new();
    loop {
        match check_join(&JoinFacts::Invited(f), &closed) {
            Ok(_) => break,
            Err(e) => errors.push(std::mem::discriminant(&e)),
        }
        if !f.invitee_is_agent {
            f.invitee_is_agent = true;
        } else if !f.steward_listed {
            f.steward_listed = true;
        } else if !f.signature_valid {
            f.signature_valid = true;
        } else if f.credit_limit < 0 {
            f.credit_limit = 0;
        } else {
            f.joined_at_ms = None;
        }
    }
    assert_eq!(errors.len(), 5);
}

proptest! {
    #[test]
    fn decode_inverts_encode(
        invitee in prop::collection::vec(any::<u8>(), AGENT_KEY_BYTES),
        steward in prop::collection::vec(any::<u8>(), AGENT_KEY_BYTES),
        credit_limit in any::<i64>(),
        expires_at_ms in any::<i64>(),
        signature in prop::collection::vec(any::<u8>(), SIGNATURE_BYTES),
    ) {
        let invitation = Invitation { invitee, steward, credit_limit, expires_at_ms, signature };
        prop_assert_eq!(Invitation::decode(&invitation.encode()), Ok(invitation));
    }

    #[test]
    fn an_invited_agent_never_gets_more_than_the_network_allows(
        credit_limit in any::<i64>(),
        network_limit in 0..=i64::MAX,
        joined_at_ms in any::<i64>(),
        expires_at_ms in any::<i64>(),
    ) {
        let props = NetworkProperties { credit_limit: network_limit, ..closed() };
        let f = InvitationFacts { credit_limit, expires_at_ms, joined_at_ms: Some(joined_at_ms), ..facts() };
        match check_join(&JoinFacts::Invited(f), &props) {
            Ok(limit) => {
                prop_assert_eq!(limit, credit_limit);
                prop_assert!((0..=network_limit).contains(&limit));
                prop_assert!(joined_at_ms <= expires_at_ms);
            }
            Err(_) => prop_assert!(!(0..=network_limit).contains(&credit_limit) || joined_at_ms > expires_at_ms),
        }
    }
}

#[test]
fn accounts_carry_the_limit_they_joined_with() {
    assert_eq!(check_account_credit_limit(250 * IOEN, 250 * IOEN), Ok(()));
    assert_eq!(
        check_account_credit_limit(1_000 * IOEN, 250 * IOEN)
            .map_err(|e| e.to_string()),
        Err("This account has a credit limit of 1000.00 IOEN, but its owner joined with 250.00 IOEN.".to_string())
    );
}
