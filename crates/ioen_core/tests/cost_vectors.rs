//! Keeps `tests/cost_vectors.json` (read by the TypeScript tests) equal to
//! `ioen_core::COST_VECTORS`.
//!
//! Run with `BLESS_COST_VECTORS=1` to rewrite the file from the constant.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use ioen_core::COST_VECTORS;

fn json_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cost_vectors.json")
}

/// The file's exact text: one vector per line, so diffs stay readable.
fn render() -> String {
    let rows: Vec<String> = COST_VECTORS
        .iter()
        .map(|(energy_wh, price_per_kwh, cost)| {
            format!(
                "  {{\"energy_wh\": {energy_wh}, \"price_per_kwh\": {price_per_kwh}, \"cost\": {cost}}}"
            )
        })
        .collect();
    format!("[\n{}\n]\n", rows.join(",\n"))
}

#[test]
fn json_file_equals_the_constant() {
    let expected = render();
    if std::env::var_os("BLESS_COST_VECTORS").is_some() {
        std::fs::write(json_path(), &expected).unwrap();
    }
    let actual = std::fs::read_to_string(json_path())
        .expect("tests/cost_vectors.json is missing; run with BLESS_COST_VECTORS=1");
    assert_eq!(
        actual, expected,
        "tests/cost_vectors.json differs from COST_VECTORS; run with BLESS_COST_VECTORS=1"
    );

    // Independently of the text layout, the parsed values must match.
    let parsed: Vec<serde_json::Value> = serde_json::from_str(&actual).unwrap();
    let values: Vec<(u64, u64, i64)> = parsed
        .iter()
        .map(|v| {
            (
                v["energy_wh"].as_u64().unwrap(),
                v["price_per_kwh"].as_u64().unwrap(),
                v["cost"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(values, COST_VECTORS);
}

#[test]
fn every_vector_holds() {
    for &(energy_wh, price_per_kwh, cost) in COST_VECTORS {
        assert_eq!(ioen_core::cost(energy_wh, price_per_kwh), Ok(cost));
    }
}
