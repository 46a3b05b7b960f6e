#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use GenerationMethod::{Battery, Grid, Hydro, Solar, Wind};

/// 2026-01-01T00:00:00Z, the default epoch, in microseconds.
const EPOCH_US: i64 = 1_767_225_600_000 * 1_000;
/// Half an hour (the default cycle) in microseconds.
const HALF_HOUR_US: i64 = 1_800 * 1_000_000;
/// The supply cycle most tests trade in.
const CYCLE: u64 = 12;

/// The start of `cycle`.
fn at_cycle(cycle: u64) -> i64 {
    EPOCH_US + i64::try_from(cycle).unwrap() * HALF_HOUR_US
}

/// A moment inside the bidding window of `supply_cycle`.
fn in_window(supply_cycle: u64) -> i64 {
    at_cycle(supply_cycle - 1) + 5 * 60 * 1_000_000
}

fn props() -> NetworkProperties {
    NetworkProperties {
        local_areas: BTreeMap::from([("3149".to_string(), vec!["3150".to_string()])]),
        ..NetworkProperties::default()
    }
}

fn profile(
    postcode: &str,
    producer: &[GenerationMethod],
    accepted: &[GenerationMethod],
) -> ProfileData {
    ProfileData {
        name: "Household".to_string(),
        postcode: postcode.to_string(),
        producer_methods: producer.to_vec(),
        accepted_methods: accepted.to_vec(),
    }
}

fn producer() -> ProfileData {
    profile("3149", &[Solar, Battery], &[])
}

fn consumer() -> ProfileData {
    profile("3150", &[], &[Solar, Grid])
}

fn message(result: Result<(), CoreError>) -> String {
    result.unwrap_err().to_string()
}

// --- Offer -----------------------------------------------------------------

fn offer(producer: &ProfileData) -> OfferFacts<'_> {
    OfferFacts {
        supply_cycle: CYCLE,
        method: Solar,
        capacity_wh: 1_000,
        reserve_price_per_kwh: Some(200_000),
        authored_at: in_window(CYCLE),
        producer,
    }
}

#[test]
fn valid_offers() {
    let p = producer();
    assert_eq!(check_offer(&offer(&p), &props()), Ok(()));
    let no_reserve = OfferFacts {
        reserve_price_per_kwh: None,
        method: Battery,
        ..offer(&p)
    };
    assert_eq!(check_offer(&no_reserve, &props()), Ok(()));
    let max_reserve = OfferFacts {
        reserve_price_per_kwh: Some(props().max_price_per_kwh),
        capacity_wh: 1,
        ..offer(&p)
    };
    assert_eq!(check_offer(&max_reserve, &props()), Ok(()));
    // The first and last microsecond of the window.
    for authored_at in [at_cycle(CYCLE - 1), at_cycle(CYCLE) - 1] {
        let f = OfferFacts {
            authored_at,
            ..offer(&p)
        };
        assert_eq!(check_offer(&f, &props()), Ok(()));
    }
}

#[test]
fn offer_errors() {
    let p = producer();
    let f = OfferFacts {
        capacity_wh: 0,
        ..offer(&p)
    };
    assert_eq!(check_offer(&f, &props()), Err(CoreError::ZeroCapacity));
    assert_eq!(
        message(check_offer(&f, &props())),
        "An offer must have a capacity of more than 0 Wh."
    );

    let f = OfferFacts {
        reserve_price_per_kwh: Some(0),
        ..offer(&p)
    };
    assert_eq!(
        message(check_offer(&f, &props())),
        "A price must be between 1 and 10000000 micro-IOEN per kWh; it is 0."
    );
    let f = OfferFacts {
        reserve_price_per_kwh: Some(10_000_001),
        ..offer(&p)
    };
    assert_eq!(
        check_offer(&f, &props()),
        Err(CoreError::PriceOutOfRange {
            price: 10_000_001,
            max: 10_000_000
        })
    );

    let f = OfferFacts {
        method: Wind,
        ..offer(&p)
    };
    assert_eq!(
        check_offer(&f, &props()),
        Err(CoreError::MethodNotProduced { method: Wind })
    );
    assert_eq!(
        message(check_offer(&f, &props())),
        "This household does not list wind among the methods it produces, so it cannot offer it."
    );

    let f = OfferFacts {
        authored_at: at_cycle(CYCLE),
        ..offer(&p)
    };
    assert_eq!(
        check_offer(&f, &props()),
        Err(CoreError::OutsideBiddingWindow {
            supply_cycle: 12,
            current_cycle: Some(12)
        })
    );
    assert_eq!(
        message(check_offer(&f, &props())),
        "Supply cycle 12 can only be bid for, accepted or rejected during cycle 11; it is now cycle 12."
    );
    let f = OfferFacts {
        authored_at: at_cycle(CYCLE - 1) - 1,
        ..offer(&p)
    };
    assert_eq!(
        message(check_offer(&f, &props())),
        "Supply cycle 12 can only be bid for, accepted or rejected during cycle 11; it is now cycle 10."
    );
}

#[test]
fn offer_rules_apply_in_order() {
    let p = producer();
    let everything_wrong = OfferFacts {
        capacity_wh: 0,
        reserve_price_per_kwh: Some(0),
        method: Hydro,
        authored_at: 0,
        ..offer(&p)
    };
    assert_eq!(
        check_offer(&everything_wrong, &props()),
        Err(CoreError::ZeroCapacity)
    );
    let f = OfferFacts {
        capacity_wh: 1,
        ..everything_wrong
    };
    assert!(matches!(
        check_offer(&f, &props()),
        Err(CoreError::PriceOutOfRange { .. })
    ));
    let f = OfferFacts {
        reserve_price_per_kwh: None,
        ..f
    };
    assert!(matches!(
        check_offer(&f, &props()),
        Err(CoreError::MethodNotProduced { .. })
    ));
    let f = OfferFacts { method: Solar, ..f };
    assert_eq!(
        check_offer(&f, &props()),
        Err(CoreError::OutsideBiddingWindow {
            supply_cycle: 12,
            current_cycle: None
        })
    );
}

#[test]
fn invalid_clock_is_reported() {
    let p = producer();
    let broken = NetworkProperties {
        cycle_seconds: 0,
        ..props()
    };
    assert_eq!(
        message(check_offer(&offer(&p), &broken)),
        "The network property cycle_seconds is invalid: it must be between 1 and 604800; it is 0."
    );
}

// --- Demand ----------------------------------------------------------------

fn demand(consumer: &ProfileData) -> DemandFacts<'_> {
    DemandFacts {
        supply_cycle: CYCLE,
        wanted_wh: 500,
        authored_at: in_window(CYCLE),
        consumer,
    }
}

#[test]
fn demand_rules() {
    let c = consumer();
    assert_eq!(check_demand(&demand(&c), &props()), Ok(()));

    let f = DemandFacts {
        wanted_wh: 0,
        ..demand(&c)
    };
    assert_eq!(
        check_demand(&f, &props()),
        Err(CoreError::ZeroEnergy {
            what: "demand".to_string()
        })
    );
    assert_eq!(
        message(check_demand(&f, &props())),
        "A demand must be for more than 0 Wh."
    );

    let producer_only = producer();
    let f = demand(&producer_only);
    assert_eq!(check_demand(&f, &props()), Err(CoreError::AcceptsNothing));
    assert_eq!(
        message(check_demand(&f, &props())),
        "This household accepts no generation method, so it cannot demand energy."
    );

    let f = DemandFacts {
        supply_cycle: 0,
        authored_at: at_cycle(0),
        ..demand(&c)
    };
    assert_eq!(
        message(check_demand(&f, &props())),
        "Supply cycle 0 can never be bid for, accepted or rejected, because no cycle comes before it."
    );
    let f = DemandFacts {
        supply_cycle: 14,
        ..demand(&c)
    };
    assert_eq!(
        check_demand(&f, &props()),
        Err(CoreError::OutsideBiddingWindow {
            supply_cycle: 14,
            current_cycle: Some(11)
        })
    );
}

// --- Declaration order -----------------------------------------------------

#[test]
fn declaration_order() {
    assert_eq!(check_declaration_order(None, 0), Ok(()));
    assert_eq!(check_declaration_order(None, CYCLE), Ok(()));
    assert_eq!(check_declaration_order(Some(11), 12), Ok(()));
    assert_eq!(check_declaration_order(Some(3), 12), Ok(()));

    let err = check_declaration_order(Some(12), 12).unwrap_err();
    assert_eq!(
        err,
        CoreError::RoleAlreadyDeclared {
            supply_cycle: 12,
            previous_supply_cycle: 12
        }
    );
    assert_eq!(
        err.to_string(),
        "This household already declared its role for supply cycle 12 (an offer or a demand); one role per cycle."
    );
    assert_eq!(
        message(check_declaration_order(Some(14), 12)),
        "This household already declared its role for supply cycle 14 (an offer or a demand); a new declaration must be for a later cycle, not cycle 12."
    );
}

// --- Bid -------------------------------------------------------------------

fn bid<'a>(consumer: &'a ProfileData, producer: &'a ProfileData) -> BidFacts<'a> {
    BidFacts {
        supply_cycle: CYCLE,
        energy_wh: 500,
        price_per_kwh: 250_000,
        authored_at: in_window(CYCLE),
        bidder_is_producer: false,
        consumer,
        producer,
    }
}

#[test]
fn valid_bids() {
    let (c, p) = (consumer(), producer());
    assert_eq!(check_bid(&bid(&c, &p), &props()), Ok(()));
    // Same postcode, and the neighbour relation read from the other side.
    let here = profile("3149", &[], &[Battery]);
    assert_eq!(check_bid(&bid(&here, &p), &props()), Ok(()));
    let far_producer = profile("3150", &[Solar], &[]);
    let near_consumer = profile("3149", &[], &[Solar]);
    assert_eq!(
        check_bid(&bid(&near_consumer, &far_producer), &props()),
        Ok(())
    );
    let f = BidFacts {
        price_per_kwh: 1,
        energy_wh: u64::MAX,
        ..bid(&c, &p)
    };
    assert_eq!(check_bid(&f, &props()), Ok(()));
    let f = BidFacts {
        price_per_kwh: props().max_price_per_kwh,
        ..bid(&c, &p)
    };
    assert_eq!(check_bid(&f, &props()), Ok(()));
}

#[test]
fn bid_errors() {
    let (c, p) = (consumer(), producer());
    let f = BidFacts {
        energy_wh: 0,
        ..bid(&c, &p)
    };
    assert_eq!(
        check_bid(&f, &props()),
        Err(CoreError::ZeroEnergy {
            what: "bid".to_string()
        })
    );
    assert_eq!(
        message(check_bid(&f, &props())),
        "A bid must be for more than 0 Wh."
    );

    for price in [0, 10_000_001, u64::MAX] {
        let f = BidFacts {
            price_per_kwh: price,
            ..bid(&c, &p)
        };
        assert_eq!(
            check_bid(&f, &props()),
            Err(CoreError::PriceOutOfRange {
                price,
                max: 10_000_000
            })
        );
    }
    let f = BidFacts {
        price_per_kwh: 10_000_001,
        ..bid(&c, &p)
    };
    assert_eq!(
        message(check_bid(&f, &props())),
        "A price must be between 1 and 10000000 micro-IOEN per kWh; it is 10000001."
    );

    let f = BidFacts {
        authored_at: at_cycle(CYCLE),
        ..bid(&c, &p)
    };
    assert_eq!(
        check_bid(&f, &props()),
        Err(CoreError::OutsideBiddingWindow {
            supply_cycle: 12,
            current_cycle: Some(12)
        })
    );

    let f = BidFacts {
        bidder_is_producer: true,
        ..bid(&c, &p)
    };
    assert_eq!(check_bid(&f, &props()), Err(CoreError::OwnBid));
    assert_eq!(
        message(check_bid(&f, &props())),
        "A household cannot bid to itself."
    );

    let wind_only = profile("3149", &[Wind, Hydro], &[]);
    let f = bid(&c, &wind_only);
    assert_eq!(
        check_bid(&f, &props()),
        Err(CoreError::NoAcceptedMethod {
            producer_methods: vec![Wind, Hydro],
            accepted_methods: vec![Solar, Grid]
        })
    );
    assert_eq!(
        message(check_bid(&f, &props())),
        "The producer's generation methods (wind, hydro) include none that the consumer accepts (solar, grid)."
    );
    let nothing = profile("3149", &[], &[Grid]);
    assert_eq!(
        message(check_bid(&bid(&c, &nothing), &props())),
        "The producer's generation methods (none) include none that the consumer accepts (solar, grid)."
    );

    let consumer_2008 = profile("2008", &[], &[Solar]);
    let producer_2011 = profile("2011", &[Solar], &[]);
    let f = bid(&consumer_2008, &producer_2011);
    assert_eq!(
        check_bid(&f, &props()),
        Err(CoreError::NotLocal {
            consumer_postcode: "2008".to_string(),
            producer_postcode: "2011".to_string()
        })
    );
    assert_eq!(
        message(check_bid(&f, &props())),
        "A producer in 2011 is not local to a consumer in 2008."
    );
}

#[test]
fn bid_rules_apply_in_order() {
    let consumer = profile("2008", &[], &[Solar]);
    let producer = profile("2011", &[Wind], &[]);
    let f = BidFacts {
        energy_wh: 0,
        price_per_kwh: 0,
        authored_at: 0,
        bidder_is_producer: true,
        ..bid(&consumer, &producer)
    };
    let mut errors = Vec::new();
    errors.push(check_bid(&f, &props()).unwrap_err());
    let f = BidFacts { energy_wh: 1, ..f };
    errors.push(check_bid(&f, &props()).unwrap_err());
    let f = BidFacts {
        price_per_kwh: 1,
        ..f
    };
    errors.push(check_bid(&f, &props()).unwrap_err());
    let f = BidFacts {
        authored_at: in_window(CYCLE),
        ..f
    };
    errors.push(check_bid(&f, &props()).unwrap_err());
    let f = BidFacts {
        bidder_is_producer: false,
        ..f
    };
    errors.push(check_bid(&f, &props()).unwrap_err());
    let solar = profile("2011", &[Solar], &[]);
    let f = BidFacts {
        producer: &solar,
        ..f
    };
    errors.push(check_bid(&f, &props()).unwrap_err());
    let names: Vec<&str> = errors
        .iter()
        .map(|e| match e {
            CoreError::ZeroEnergy { .. } => "zero",
            CoreError::PriceOutOfRange { .. } => "price",
            CoreError::OutsideBiddingWindow { .. } => "window",
            CoreError::OwnBid => "own",
            CoreError::NoAcceptedMethod { .. } => "method",
            CoreError::NotLocal { .. } => "local",
            _ => "other",
        })
        .collect();
    assert_eq!(names, ["zero", "price", "window", "own", "method", "local"]);
}

// --- Contract --------------------------------------------------------------

fn contract(consumer: &ProfileData) -> ContractFacts<'_> {
    ContractFacts {
        bid_supply_cycle: CYCLE,
        offer_supply_cycle: CYCLE,
        offer_method: Solar,
        offer_capacity_wh: 1_000,
        offer_reserve_price_per_kwh: Some(200_000),
        bid_energy_wh: 500,
        bid_price_per_kwh: 250_000,
        energy_wh: 500,
        price_per_kwh: 250_000,
        previous_allocated_wh: 300,
        allocated_wh: 800,
        author_is_bid_producer: true,
        consumer,
        authored_at: in_window(CYCLE),
    }
}

#[test]
fn valid_contracts() {
    let c = consumer();
    assert_eq!(check_contract(&contract(&c), &props()), Ok(()));
    // First answer of the offer, filling it exactly.
    let f = ContractFacts {
        previous_allocated_wh: 0,
        energy_wh: 500,
        bid_energy_wh: 1_000,
        allocated_wh: 500,
        offer_capacity_wh: 500,
        offer_reserve_price_per_kwh: None,
        ..contract(&c)
    };
    assert_eq!(check_contract(&f, &props()), Ok(()));
    // Partial acceptance, at exactly the reserve price.
    let f = ContractFacts {
        energy_wh: 1,
        allocated_wh: 301,
        bid_price_per_kwh: 200_000,
        price_per_kwh: 200_000,
        ..contract(&c)
    };
    assert_eq!(check_contract(&f, &props()), Ok(()));
}

#[test]
fn contract_errors() {
    let c = consumer();
    let f = ContractFacts {
        author_is_bid_producer: false,
        ..contract(&c)
    };
    assert_eq!(check_contract(&f, &props()), Err(CoreError::NotBidProducer));
    assert_eq!(
        message(check_contract(&f, &props())),
        "Only the producer a bid was made to can answer it."
    );

    let f = ContractFacts {
        offer_supply_cycle: 13,
        ..contract(&c)
    };
    assert_eq!(
        check_contract(&f, &props()),
        Err(CoreError::CycleMismatch {
            offer_cycle: 13,
            bid_cycle: 12
        })
    );
    assert_eq!(
        message(check_contract(&f, &props())),
        "The offer is for supply cycle 13 but the bid is for supply cycle 12; they must be for the same cycle."
    );

    let f = ContractFacts {
        authored_at: at_cycle(CYCLE) + 1,
        ..contract(&c)
    };
    assert_eq!(
        check_contract(&f, &props()),
        Err(CoreError::OutsideBiddingWindow {
            supply_cycle: 12,
            current_cycle: Some(12)
        })
    );

    for energy_wh in [0, 501] {
        let f = ContractFacts {
            energy_wh,
            ..contract(&c)
        };
        assert_eq!(
            check_contract(&f, &props()),
            Err(CoreError::ContractEnergy {
                energy_wh,
                bid_energy_wh: 500
            })
        );
    }
    let f = ContractFacts {
        energy_wh: 600,
        ..contract(&c)
    };
    assert_eq!(
        message(check_contract(&f, &props())),
        "A contract must be for more than 0 Wh and at most its bid's 500 Wh; it is for 600 Wh."
    );

    let f = ContractFacts {
        price_per_kwh: 300_000,
        ..contract(&c)
    };
    assert_eq!(
        check_contract(&f, &props()),
        Err(CoreError::ContractPrice {
            price: 300_000,
            bid_price: 250_000
        })
    );
    assert_eq!(
        message(check_contract(&f, &props())),
        "A contract must be at its bid's price of 250000 micro-IOEN per kWh; it is at 300000 micro-IOEN per kWh."
    );

    let f = ContractFacts {
        offer_reserve_price_per_kwh: Some(250_001),
        ..contract(&c)
    };
    assert_eq!(
        check_contract(&f, &props()),
        Err(CoreError::BelowReserve {
            price: 250_000,
            reserve: 250_001
        })
    );
    assert_eq!(
        message(check_contract(&f, &props())),
        "The bid's price of 250000 micro-IOEN per kWh is below the offer's reserve price of 250001 micro-IOEN per kWh."
    );

    let f = ContractFacts {
        offer_method: Battery,
        ..contract(&c)
    };
    assert_eq!(
        check_contract(&f, &props()),
        Err(CoreError::MethodNotAccepted { method: Battery })
    );
    assert_eq!(
        message(check_contract(&f, &props())),
        "The consumer does not accept battery energy, the generation method of this offer."
    );

    for allocated_wh in [500, 799, 801, 0] {
        let f = ContractFacts {
            allocated_wh,
            ..contract(&c)
        };
        assert_eq!(
            check_contract(&f, &props()),
            Err(CoreError::AllocationMismatch {
                allocated: allocated_wh,
                expected: 800
            })
        );
    }
    let f = ContractFacts {
        allocated_wh: 500,
        ..contract(&c)
    };
    assert_eq!(
        message(check_contract(&f, &props())),
        "The allocated total of this answer must be 800 Wh, following from the previous answer of its offer; it is 500 Wh."
    );

    let f = ContractFacts {
        previous_allocated_wh: u64::MAX,
        energy_wh: 1,
        allocated_wh: 0,
        ..contract(&c)
    };
    assert_eq!(
        check_contract(&f, &props()),
        Err(CoreError::AllocationOverflow {
            previous_allocated_wh: u64::MAX,
            energy_wh: 1
        })
    );
    assert_eq!(
        message(check_contract(&f, &props())),
        "The allocated total of 18446744073709551615 Wh plus 1 Wh is too large to represent."
    );

    let f = ContractFacts {
        previous_allocated_wh: 700,
        allocated_wh: 1_200,
        ..contract(&c)
    };
    assert_eq!(
        check_contract(&f, &props()),
        Err(CoreError::OverCapacity {
            allocated: 1_200,
            capacity: 1_000
        })
    );
    assert_eq!(
        message(check_contract(&f, &props())),
        "Accepting this bid would allocate 1200 Wh of an offer of 1000 Wh."
    );
}

#[test]
fn contract_rules_apply_in_order() {
    let nothing_accepted = profile("3150", &[], &[Wind]);
    let f = ContractFacts {
        author_is_bid_producer: false,
        offer_supply_cycle: 13,
        authored_at: 0,
        energy_wh: 0,
        price_per_kwh: 1,
        offer_reserve_price_per_kwh: Some(u64::MAX),
        previous_allocated_wh: 5_000,
        allocated_wh: 1,
        ..contract(&nothing_accepted)
    };
    let mut errors = vec![check_contract(&f, &props()).unwrap_err()];
    let f = ContractFacts {
        author_is_bid_producer: true,
        ..f
    };
    errors.push(check_contract(&f, &props()).unwrap_err());
    let f = ContractFacts {
        offer_supply_cycle: CYCLE,
        ..f
    };
    errors.push(check_contract(&f, &props()).unwrap_err());
    let f = ContractFacts {
        authored_at: in_window(CYCLE),
        ..f
    };
    errors.push(check_contract(&f, &props()).unwrap_err());
    let f = ContractFacts {
        energy_wh: 500,
        ..f
    };
    errors.push(check_contract(&f, &props()).unwrap_err());
    let f = ContractFacts {
        price_per_kwh: 250_000,
        ..f
    };
    errors.push(check_contract(&f, &props()).unwrap_err());
    let f = ContractFacts {
        offer_reserve_price_per_kwh: None,
        ..f
    };
    errors.push(check_contract(&f, &props()).unwrap_err());
    let c = consumer();
    let f = ContractFacts { consumer: &c, ..f };
    errors.push(check_contract(&f, &props()).unwrap_err());
    let f = ContractFacts {
        allocated_wh: 5_500,
        ..f
    };
    errors.push(check_contract(&f, &props()).unwrap_err());
    assert_eq!(
        errors,
        [
            CoreError::NotBidProducer,
            CoreError::CycleMismatch {
                offer_cycle: 13,
                bid_cycle: 12
            },
            CoreError::OutsideBiddingWindow {
                supply_cycle: 12,
                current_cycle: None
            },
            CoreError::ContractEnergy {
                energy_wh: 0,
                bid_energy_wh: 500
            },
            CoreError::ContractPrice {
                price: 1,
                bid_price: 250_000
            },
            CoreError::BelowReserve {
                price: 250_000,
                reserve: u64::MAX
            },
            CoreError::MethodNotAccepted { method: Solar },
            CoreError::AllocationMismatch {
                allocated: 1,
                expected: 5_500
            },
            CoreError::OverCapacity {
                allocated: 5_500,
                capacity: 1_000
            },
        ]
    );
}

// --- Rejection -------------------------------------------------------------

fn rejection() -> RejectionFacts<'static> {
    RejectionFacts {
        bid_supply_cycle: CYCLE,
        offer_supply_cycle: CYCLE,
        previous_allocated_wh: 300,
        allocated_wh: 300,
        author_is_bid_producer: true,
        reason: "Capacity for this cycle is fully allocated.",
        authored_at: in_window(CYCLE),
    }
}

#[test]
fn valid_rejections() {
    assert_eq!(check_rejection(&rejection(), &props()), Ok(()));
    let long = "é".repeat(REASON_MAX_CHARS);
    let f = RejectionFacts {
        reason: &long,
        previous_allocated_wh: 0,
        allocated_wh: 0,
        ..rejection()
    };
    assert_eq!(check_rejection(&f, &props()), Ok(()));
    let f = RejectionFacts {
        reason: "x",
        ..rejection()
    };
    assert_eq!(check_rejection(&f, &props()), Ok(()));
}

#[test]
fn rejection_errors() {
    let f = RejectionFacts {
        author_is_bid_producer: false,
        ..rejection()
    };
    assert_eq!(
        check_rejection(&f, &props()),
        Err(CoreError::NotBidProducer)
    );
    let f = RejectionFacts {
        offer_supply_cycle: 11,
        ..rejection()
    };
    assert_eq!(
        check_rejection(&f, &props()),
        Err(CoreError::CycleMismatch {
            offer_cycle: 11,
            bid_cycle: 12
        })
    );
    let f = RejectionFacts {
        authored_at: at_cycle(CYCLE + 1),
        ..rejection()
    };
    assert_eq!(
        check_rejection(&f, &props()),
        Err(CoreError::OutsideBiddingWindow {
            supply_cycle: 12,
            current_cycle: Some(13)
        })
    );
    let f = RejectionFacts {
        allocated_wh: 500,
        ..rejection()
    };
    assert_eq!(
        check_rejection(&f, &props()),
        Err(CoreError::AllocationMismatch {
            allocated: 500,
            expected: 300
        })
    );
    assert_eq!(
        message(check_rejection(&f, &props())),
        "The allocated total of this answer must be 300 Wh, following from the previous answer of its offer; it is 500 Wh."
    );

    for reason in ["", " ", "\n\t "] {
        let f = RejectionFacts {
            reason,
            ..rejection()
        };
        assert_eq!(check_rejection(&f, &props()), Err(CoreError::EmptyReason));
    }
    assert_eq!(
        message(check_rejection(
            &RejectionFacts {
                reason: "",
                ..rejection()
            },
            &props()
        )),
        "A rejection must give a reason."
    );
    let long = "é".repeat(REASON_MAX_CHARS + 1);
    let f = RejectionFacts {
        reason: &long,
        ..rejection()
    };
    assert_eq!(
        check_rejection(&f, &props()),
        Err(CoreError::TooLong {
            field: "rejection reason".to_string(),
            max: 200,
            actual: 201
        })
    );
    assert_eq!(
        message(check_rejection(&f, &props())),
        "The rejection reason must be at most 200 characters; it has 201."
    );
    let f = RejectionFacts {
        reason: "Sorry,\nno.",
        ..rejection()
    };
    assert_eq!(
        check_rejection(&f, &props()),
        Err(CoreError::InvalidCharacters {
            field: "rejection reason".to_string()
        })
    );
    assert_eq!(
        message(check_rejection(&f, &props())),
        "The rejection reason must not contain control characters."
    );
}

#[test]
fn rejection_rules_apply_in_order() {
    let f = RejectionFacts {
        author_is_bid_producer: false,
        offer_supply_cycle: 11,
        authored_at: 0,
        allocated_wh: 1,
        reason: "",
        ..rejection()
    };
    let mut errors = vec![check_rejection(&f, &props()).unwrap_err()];
    let f = RejectionFacts {
        author_is_bid_producer: true,
        ..f
    };
    errors.push(check_rejection(&f, &props()).unwrap_err());
    let f = RejectionFacts {
        offer_supply_cycle: CYCLE,
        ..f
    };
    errors.push(check_rejection(&f, &props()).unwrap_err());
    let f = RejectionFacts {
        authored_at: in_window(CYCLE),
        ..f
    };
    errors.push(check_rejection(&f, &props()).unwrap_err());
    let f = RejectionFacts {
        allocated_wh: 300,
        ..f
    };
    errors.push(check_rejection(&f, &props()).unwrap_err());
    assert_eq!(
        errors,
        [
            CoreError::NotBidProducer,
            CoreError::CycleMismatch {
                offer_cycle: 11,
                bid_cycle: 12
            },
            CoreError::OutsideBiddingWindow {
                supply_cycle: 12,
                current_cycle: None
            },
            CoreError::AllocationMismatch {
                allocated: 1,
                expected: 300
            },
            CoreError::EmptyReason,
        ]
    );
}

// --- Confirmation ----------------------------------------------------------

fn confirmation(authored_at: i64) -> ConfirmationFacts {
    ConfirmationFacts {
        author_is_consumer: true,
        contract_is_for_demand: true,
        supply_cycle: CYCLE,
        authored_at,
    }
}

#[test]
fn confirmation_window() {
    // From the start of the bidding window to the last microsecond of the
    // supply cycle.
    for t in [
        at_cycle(CYCLE - 1),
        in_window(CYCLE),
        at_cycle(CYCLE),
        at_cycle(CYCLE + 1) - 1,
    ] {
        assert_eq!(check_confirmation(&confirmation(t), &props()), Ok(()));
    }
    let err = check_confirmation(&confirmation(at_cycle(CYCLE + 1)), &props()).unwrap_err();
    assert_eq!(
        err,
        CoreError::ConfirmationTooLate {
            supply_cycle: 12,
            current_cycle: 13
        }
    );
    assert_eq!(
        err.to_string(),
        "A contract for supply cycle 12 can only be confirmed until that cycle ends; it is now cycle 13."
    );
    assert_eq!(
        check_confirmation(&confirmation(at_cycle(CYCLE - 1) - 1), &props()),
        Err(CoreError::OutsideBiddingWindow {
            supply_cycle: 12,
            current_cycle: Some(10)
        })
    );
    assert_eq!(
        check_confirmation(&confirmation(EPOCH_US - 1), &props()),
        Err(CoreError::OutsideBiddingWindow {
            supply_cycle: 12,
            current_cycle: None
        })
    );
    let cycle_zero = ConfirmationFacts {
        supply_cycle: 0,
        ..confirmation(at_cycle(0))
    };
    assert_eq!(
        check_confirmation(&cycle_zero, &props()),
        Err(CoreError::OutsideBiddingWindow {
            supply_cycle: 0,
            current_cycle: Some(0)
        })
    );
}

#[test]
fn confirmation_errors_in_order() {
    let f = ConfirmationFacts {
        author_is_consumer: false,
        contract_is_for_demand: false,
        ..confirmation(0)
    };
    assert_eq!(
        check_confirmation(&f, &props()),
        Err(CoreError::NotConsumer)
    );
    assert_eq!(
        message(check_confirmation(&f, &props())),
        "Only the consumer who made the bid can confirm its contract."
    );
    let f = ConfirmationFacts {
        author_is_consumer: true,
        ..f
    };
    assert_eq!(
        check_confirmation(&f, &props()),
        Err(CoreError::ContractNotForDemand)
    );
    assert_eq!(
        message(check_confirmation(&f, &props())),
        "This contract answers a bid of another demand; a consumer can only confirm a contract for one of its own bids."
    );
    let f = ConfirmationFacts {
        contract_is_for_demand: true,
        ..f
    };
    assert!(matches!(
        check_confirmation(&f, &props()),
        Err(CoreError::OutsideBiddingWindow { .. })
    ));
}

// --- Chain facts -----------------------------------------------------------

#[test]
fn answer_chain() {
    let facts = |same_bid_answered, latest_answer_is_previous| AnswerChainFacts {
        same_bid_answered,
        latest_answer_is_previous,
    };
    assert_eq!(check_answer_chain(&facts(false, true)), Ok(()));
    assert_eq!(
        check_answer_chain(&facts(true, true)),
        Err(CoreError::BidAlreadyAnswered)
    );
    assert_eq!(
        check_answer_chain(&facts(true, false)),
        Err(CoreError::BidAlreadyAnswered)
    );
    assert_eq!(
        message(check_answer_chain(&facts(true, true))),
        "This bid has already been answered; a bid gets one contract or one rejection."
    );
    assert_eq!(
        check_answer_chain(&facts(false, false)),
        Err(CoreError::AnswerForked)
    );
    assert_eq!(
        message(check_answer_chain(&facts(false, false))),
        "This answer does not follow the latest answer of its offer (the allocated total would fork)."
    );
}

#[test]
fn single_confirmation() {
    assert_eq!(check_single_confirmation(false), Ok(()));
    assert_eq!(
        check_single_confirmation(true),
        Err(CoreError::AlreadyConfirmed)
    );
    assert_eq!(
        message(check_single_confirmation(true)),
        "This household has already confirmed a contract for this cycle."
    );
}

// --- allocate --------------------------------------------------------------

fn b(id: usize, energy_wh: Wh, price_per_kwh: PricePerKwh, authored_at: i64) -> BidToAllocate {
    BidToAllocate {
        id,
        energy_wh,
        price_per_kwh,
        authored_at,
    }
}

fn accept(id: usize, energy_wh: Wh) -> Allocation {
    Allocation::Accept { id, energy_wh }
}

fn reject(id: usize, reason: &str) -> Allocation {
    Allocation::Reject {
        id,
        reason: reason.to_string(),
    }
}

#[test]
fn allocate_by_price_then_time_then_id() {
    let bids = [
        b(0, 300, 200_000, 30),
        b(1, 400, 300_000, 50),
        b(2, 200, 300_000, 10),
        b(3, 100, 200_000, 30),
        b(4, 500, 100_000, 0),
    ];
    assert_eq!(
        allocate(&bids, 1_000, None),
        [
            accept(2, 200),
            accept(1, 400),
            accept(0, 300),
            accept(3, 100),
            reject(4, "Capacity for this cycle is fully allocated."),
        ]
    );
    assert_eq!(
        allocate(&bids, 750, None),
        [
            accept(2, 200),
            accept(1, 400),
            accept(0, 150),
            reject(3, FULLY_ALLOCATED_REASON),
            reject(4, FULLY_ALLOCATED_REASON),
        ]
    );
    assert_eq!(
        allocate(&bids, 0, None)
            .iter()
            .map(Allocation::id)
            .collect::<Vec<_>>(),
        [2, 1, 0, 3, 4]
    );
    assert!(allocate(&[], 1_000, None).is_empty());
}

#[test]
fn allocate_respects_the_reserve_price() {
    let bids = [
        b(0, 300, 150_000, 0),
        b(1, 300, 200_000, 0),
        b(2, 300, 250_000, 0),
    ];
    assert_eq!(
        allocate(&bids, 1_000, Some(200_000)),
        [
            accept(2, 300),
            accept(1, 300),
            reject(
                0,
                "The price is below this producer's reserve price of 0.20 IOEN per kWh."
            ),
        ]
    );
    assert_eq!(
        allocate(&[b(7, 1, 1, 0)], 1, Some(u64::MAX)),
        [reject(
            7,
            "The price is below this producer's reserve price of 18446744073709551615 micro-IOEN per kWh."
        )]
    );
}

#[test]
fn allocate_rejects_empty_bids() {
    assert_eq!(
        allocate(&[b(0, 0, 100, 0), b(1, 10, 50, 0)], 100, None),
        [
            reject(0, "A bid must be for more than 0 Wh."),
            accept(1, 10)
        ]
    );
}

#[test]
fn allocation_serde_shape() {
    let json = serde_json::to_string(&accept(3, 500)).unwrap();
    assert_eq!(json, r#"{"type":"accept","id":3,"energy_wh":500}"#);
    let json = serde_json::to_string(&reject(4, "No.")).unwrap();
    assert_eq!(json, r#"{"type":"reject","id":4,"reason":"No."}"#);
    for a in [accept(3, 500), reject(4, "No.")] {
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Allocation>(&json).unwrap(), a);
    }
}

// --- choose_contract -------------------------------------------------------

fn option(
    id: usize,
    price_per_kwh: PricePerKwh,
    energy_wh: Wh,
    method: GenerationMethod,
) -> ContractOption {
    ContractOption {
        id,
        price_per_kwh,
        energy_wh,
        method,
    }
}

#[test]
fn choose_cheapest() {
    let options = [
        option(0, 300, 500, Solar),
        option(1, 200, 100, Grid),
        option(2, 200, 400, Wind),
        option(3, 200, 400, Solar),
    ];
    assert_eq!(
        choose_contract(&options, ConfirmPreference::Cheapest),
        Some(2)
    );
    assert_eq!(choose_contract(&[], ConfirmPreference::Cheapest), None);
    assert_eq!(choose_contract(&[], ConfirmPreference::Method(Solar)), None);
}

#[test]
fn choose_by_method() {
    let options = [
        option(0, 300, 500, Solar),
        option(1, 200, 100, Grid),
        option(2, 250, 400, Solar),
    ];
    assert_eq!(
        choose_contract(&options, ConfirmPreference::Method(Solar)),
        Some(2)
    );
    assert_eq!(
        choose_contract(&options, ConfirmPreference::Method(Grid)),
        Some(1)
    );
    // No hydro contract: the cheapest overall.
    assert_eq!(
        choose_contract(&options, ConfirmPreference::Method(Hydro)),
        Some(1)
    );
}

#[test]
fn confirm_preference_serde_shape() {
    let cases = [
        (ConfirmPreference::Cheapest, r#"{"type":"cheapest"}"#),
        (
            ConfirmPreference::Method(Solar),
            r#"{"type":"method","method":"solar"}"#,
        ),
    ];
    for (preference, json) in cases {
        assert_eq!(serde_json::to_string(&preference).unwrap(), json);
        assert_eq!(
            serde_json::from_str::<ConfirmPreference>(json).unwrap(),
            preference
        );
    }
}

// --- Properties ------------------------------------------------------------

fn method() -> impl Strategy<Value = GenerationMethod> {
    prop::sample::select(GenerationMethod::ALL.to_vec())
}

fn bids() -> impl Strategy<Value = Vec<BidToAllocate>> {
    prop::collection::vec((0..2_000u64, 1..20u64, 0..5i64), 0..20).prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(id, (energy_wh, price, t))| b(id, energy_wh, price * 10_000, t))
            .collect()
    })
}

proptest! {
    #[test]
    fn allocate_never_exceeds_capacity(
        bids in bids(),
        capacity in 0..10_000u64,
        reserve in prop::option::of(1..20u64),
    ) {
        let reserve = reserve.map(|r| r * 10_000);
        let decisions = allocate(&bids, capacity, reserve);
        let total: u64 = decisions
            .iter()
            .map(|d| match d {
                Allocation::Accept { energy_wh, .. } => *energy_wh,
                Allocation::Reject { .. } => 0,
            })
            .sum();
        prop_assert!(total <= capacity);
        // A bid rejected for capacity means the capacity is used up.
        let any_full = decisions.iter().any(|d| {
            matches!(d, Allocation::Reject { reason, .. } if reason == FULLY_ALLOCATED_REASON)
        });
        if any_full {
            prop_assert_eq!(total, capacity);
        }
    }

    #[test]
    fn allocate_decides_every_bid_once(
        bids in bids(),
        capacity in 0..10_000u64,
        reserve in prop::option::of(1..20u64),
    ) {
        let decisions = allocate(&bids, capacity, reserve.map(|r| r * 10_000));
        let mut ids: Vec<usize> = decisions.iter().map(Allocation::id).collect();
        ids.sort_unstable();
        prop_assert_eq!(ids, (0..bids.len()).collect::<Vec<_>>());
        for d in &decisions {
            match d {
                Allocation::Accept { id, energy_wh } => {
                    prop_assert!(*energy_wh > 0 && *energy_wh <= bids[*id].energy_wh);
                    if let Some(r) = reserve {
                        prop_assert!(bids[*id].price_per_kwh >= r * 10_000);
                    }
                }
                Allocation::Reject { reason, .. } => {
                    prop_assert_eq!(check_reason(reason), Ok(()));
                }
            }
        }
    }

    #[test]
    fn accepted_bids_outbid_those_rejected_for_capacity(
        bids in bids(),
        capacity in 0..10_000u64,
        reserve in prop::option::of(1..20u64),
    ) {
        let decisions = allocate(&bids, capacity, reserve.map(|r| r * 10_000));
        let price = |id: usize| bids[id].price_per_kwh;
        let lowest_accepted = decisions
            .iter()
            .filter_map(|d| match d {
                Allocation::Accept { id, .. } => Some(price(*id)),
                Allocation::Reject { .. } => None,
            })
            .min();
        let highest_full = decisions
            .iter()
            .filter_map(|d| match d {
                Allocation::Reject { id, reason } if reason == FULLY_ALLOCATED_REASON => {
                    Some(price(*id))
                }
                _ => None,
            })
            .max();
        if let (Some(accepted), Some(rejected)) = (lowest_accepted, highest_full) {
            prop_assert!(accepted >= rejected);
        }
    }

    #[test]
    fn allocations_make_valid_contract_chains(
        bids in bids(),
        capacity in 1..10_000u64,
    ) {
        // Every decision of `allocate`, answered in its order, passes the
        // contract and rejection rules with a consistent allocated total.
        let c = consumer();
        let mut allocated = 0u64;
        for d in allocate(&bids, capacity, None) {
            match d {
                Allocation::Accept { id, energy_wh } => {
                    let f = ContractFacts {
                        offer_capacity_wh: capacity,
                        offer_reserve_price_per_kwh: None,
                        bid_energy_wh: bids[id].energy_wh,
                        bid_price_per_kwh: bids[id].price_per_kwh,
                        energy_wh,
                        price_per_kwh: bids[id].price_per_kwh,
                        previous_allocated_wh: allocated,
                        allocated_wh: allocated + energy_wh,
                        ..contract(&c)
                    };
                    prop_assert_eq!(check_contract(&f, &props()), Ok(()));
                    allocated += energy_wh;
                }
                Allocation::Reject { reason, .. } => {
                    let f = RejectionFacts {
                        previous_allocated_wh: allocated,
                        allocated_wh: allocated,
                        reason: &reason,
                        ..rejection()
                    };
                    prop_assert_eq!(check_rejection(&f, &props()), Ok(()));
                }
            }
        }
    }

    #[test]
    fn contract_accepts_exactly_allocations_within_capacity(
        previous in 0..5_000u64,
        energy in 1..3_000u64,
        capacity in 1..8_000u64,
    ) {
        let c = consumer();
        let f = ContractFacts {
            offer_capacity_wh: capacity,
            bid_energy_wh: energy,
            energy_wh: energy,
            previous_allocated_wh: previous,
            allocated_wh: previous + energy,
            ..contract(&c)
        };
        let result = check_contract(&f, &props());
        prop_assert_eq!(result.is_ok(), previous + energy <= capacity);
        if previous + energy > capacity {
            prop_assert_eq!(
                result,
                Err(CoreError::OverCapacity { allocated: previous + energy, capacity })
            );
        }
    }

    #[test]
    fn contract_allocated_total_must_follow(
        previous in any::<u64>(),
        energy in 1..=500u64,
        allocated in any::<u64>(),
    ) {
        let c = consumer();
        let f = ContractFacts {
            offer_capacity_wh: u64::MAX,
            energy_wh: energy,
            previous_allocated_wh: previous,
            allocated_wh: allocated,
            ..contract(&c)
        };
        let follows = previous.checked_add(energy) == Some(allocated);
        prop_assert_eq!(check_contract(&f, &props()).is_ok(), follows);
    }

    #[test]
    fn declarations_must_move_forward(previous in prop::option::of(any::<u64>()), cycle in any::<u64>()) {
        let ok = previous.is_none_or(|p| cycle > p);
        prop_assert_eq!(check_declaration_order(previous, cycle).is_ok(), ok);
    }

    #[test]
    fn bids_are_in_window_exactly_in_the_previous_cycle(
        supply_cycle in 1..1_000u64,
        offset in -3 * HALF_HOUR_US..3 * HALF_HOUR_US,
    ) {
        let (c, p) = (consumer(), producer());
        let authored_at = at_cycle(supply_cycle - 1) + offset;
        let f = BidFacts { supply_cycle, authored_at, ..bid(&c, &p) };
        let in_previous_cycle = (0..HALF_HOUR_US).contains(&offset);
        prop_assert_eq!(check_bid(&f, &props()).is_ok(), in_previous_cycle);
    }

    #[test]
    fn reasons_within_limits_pass(reason in "[A-Za-z0-9 .,'!?€é]{0,250}") {
        let count = reason.chars().count();
        let expected_ok = !reason.trim().is_empty() && count <= REASON_MAX_CHARS;
        prop_assert_eq!(check_reason(&reason).is_ok(), expected_ok);
    }

    #[test]
    fn cheapest_has_the_minimum_price(
        raw in prop::collection::vec((1..10u64, 1..1_000u64, method()), 1..12),
    ) {
        let options: Vec<ContractOption> = raw
            .into_iter()
            .enumerate()
            .map(|(id, (price, energy, m))| option(id, price, energy, m))
            .collect();
        let chosen = choose_contract(&options, ConfirmPreference::Cheapest).unwrap();
        let min = options.iter().map(|o| o.price_per_kwh).min().unwrap();
        prop_assert_eq!(options[chosen].price_per_kwh, min);
    }

    #[test]
    fn method_preference_picks_that_method_when_it_can(
        raw in prop::collection::vec((1..10u64, 1..1_000u64, method()), 0..12),
        wanted in method(),
    ) {
        let options: Vec<ContractOption> = raw
            .into_iter()
            .enumerate()
            .map(|(id, (price, energy, m))| option(id, price, energy, m))
            .collect();
        let chosen = choose_contract(&options, ConfirmPreference::Method(wanted));
        prop_assert_eq!(chosen.is_some(), !options.is_empty());
        if let Some(id) = chosen {
            let of_method: Vec<&ContractOption> =
                options.iter().filter(|o| o.method == wanted).collect();
            if of_method.is_empty() {
                prop_assert_eq!(chosen, choose_contract(&options, ConfirmPreference::Cheapest));
            } else {
                prop_assert_eq!(options[id].method, wanted);
                let min = of_method.iter().map(|o| o.price_per_kwh).min().unwrap();
                prop_assert_eq!(options[id].price_per_kwh, min);
            }
        }
    }
}
