#![allow(clippy::unwrap_used)]

use super::*;

#[test]
fn times_are_utc_rfc3339_with_microseconds() {
    assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00.000000Z");
    // The network's default epoch, cycle 0.
    assert_eq!(
        rfc3339_utc(1_767_225_600_000_000),
        "2026-01-01T00:00:00.000000Z"
    );
    assert_eq!(
        rfc3339_utc(1_767_227_400_123_456),
        "2026-01-01T00:30:00.123456Z"
    );
    assert_eq!(
        rfc3339_utc(1_709_208_000_000_000),
        "2024-02-29T12:00:00.000000Z"
    );
    assert_eq!(
        rfc3339_utc(951_868_800_000_000),
        "2000-03-01T00:00:00.000000Z"
    );
    assert_eq!(rfc3339_utc(-1), "1969-12-31T23:59:59.999999Z");
}

#[test]
fn times_are_exact_at_the_ends_of_the_range() {
    assert_eq!(rfc3339_utc(i64::MAX), "294247-01-10T04:00:54.775807Z");
    assert_eq!(rfc3339_utc(i64::MIN), "-290308-12-21T19:59:05.224192Z");
}

#[test]
fn amounts_are_exact_decimal_ioen_without_the_unit() {
    assert_eq!(ioen_decimal(0), "0.00");
    assert_eq!(ioen_decimal(1_500_000), "1.50");
    assert_eq!(ioen_decimal(-20_000), "-0.02");
    assert_eq!(ioen_decimal(1), "0.000001");
    assert_eq!(ioen_decimal(1_234_567), "1.234567");
    assert_eq!(ioen_decimal(i64::MIN), "-9223372036854.775808");
    assert_eq!(ioen_decimal(i64::MAX), "9223372036854.775807");
}

#[test]
fn fields_are_quoted_only_when_needed() {
    assert_eq!(csv_field("plain"), "plain");
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
}

fn movement(kind: MovementKind, amount: MicroIoen, balance_after: MicroIoen) -> Movement {
    Movement {
        kind,
        hash: ActionHash::from_raw_36(vec![1; 36]),
        at: 1_767_229_200_000_000,
        counterpart: AgentPubKey::from_raw_36(vec![2; 36]),
        invoice_hash: ActionHash::from_raw_36(vec![3; 36]),
        period: 7,
        energy_wh: 1_500,
        amount,
        balance_after,
    }
}

#[test]
fn an_empty_statement_is_the_header_alone() {
    assert_eq!(statement_csv(&[]), format!("{CSV_HEADER}\n"));
}

#[test]
fn each_movement_is_one_row_in_header_order() {
    let csv = statement_csv(&[
        movement(MovementKind::Payment, -450_000, -450_000),
        movement(MovementKind::Receipt, 1_000_000, 550_000),
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], CSV_HEADER);
    let counterpart = AgentPubKey::from_raw_36(vec![2; 36]).to_string();
    let invoice = ActionHash::from_raw_36(vec![3; 36]).to_string();
    assert_eq!(
        lines[1],
        format!("2026-01-01T01:00:00.000000Z,payment,{counterpart},{invoice},7,1500,-0.45,-0.45")
    );
    assert_eq!(
        lines[2],
        format!("2026-01-01T01:00:00.000000Z,receipt,{counterpart},{invoice},7,1500,1.00,0.55")
    );
    assert!(csv.ends_with('\n'));
}
