//! Rule I15: every entry is bounded, so that no household can make the others store and fetch
//! megabytes again and again.
//!
//! Entry structs refuse fields they do not have (`deny_unknown_fields`), the content rules bound
//! every string and list, and the integrity zomes cap the encoded size of each entry as a
//! backstop: [`MAX_ENTRY_BYTES`] for every type but the invoice, whose lines grow with its
//! billing period ([`max_invoice_bytes`]).

use crate::error::CoreError;
use crate::properties::NetworkProperties;

/// The most bytes an encoded entry of any type but the invoice may take. The largest honest one,
/// private details with a 200-character address, takes about 1,100.
pub const MAX_ENTRY_BYTES: usize = 2_048;

/// What an invoice may take besides its lines (about 250 bytes in practice).
pub const INVOICE_BASE_BYTES: usize = 1_024;

/// What each invoice line may take (about 150 bytes in practice).
pub const INVOICE_LINE_BYTES: usize = 256;

/// The most lines an invoice may have: one per supply cycle of its billing period, since its
/// consumer confirms at most one contract per cycle (rule I6).
pub fn max_invoice_lines(props: &NetworkProperties) -> usize {
    usize::try_from(props.cycles_per_billing_period).unwrap_or(usize::MAX)
}

/// The most bytes an encoded invoice may take on this network.
pub fn max_invoice_bytes(props: &NetworkProperties) -> usize {
    max_invoice_lines(props)
        .saturating_mul(INVOICE_LINE_BYTES)
        .saturating_add(INVOICE_BASE_BYTES)
}

/// Checks the encoded size of an entry (rule I15).
///
/// # Errors
///
/// [`CoreError::EntryTooLarge`] naming the entry type, its size and the limit.
pub fn check_entry_size(entry: &'static str, bytes: usize, max: usize) -> Result<(), CoreError> {
    if bytes > max {
        return Err(CoreError::EntryTooLarge { entry, bytes, max });
    }
    Ok(())
}

/// Checks the number of an invoice's lines (rules I8 and I15), before anything they name is
/// read: validation then fetches at most one period's worth of records for one invoice.
///
/// # Errors
///
/// [`CoreError::TooManyLines`] naming the count and the limit.
pub fn check_line_count(lines: usize, props: &NetworkProperties) -> Result<(), CoreError> {
    let max = max_invoice_lines(props);
    if lines > max {
        return Err(CoreError::TooManyLines { lines, max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn props(cycles_per_billing_period: u32) -> NetworkProperties {
        NetworkProperties {
            cycles_per_billing_period,
            ..NetworkProperties::default()
        }
    }

    #[test]
    fn an_entry_may_take_its_limit_and_no_byte_more() {
        assert_eq!(
            check_entry_size("bid", MAX_ENTRY_BYTES, MAX_ENTRY_BYTES),
            Ok(())
        );
        assert_eq!(
            check_entry_size("bid", MAX_ENTRY_BYTES + 1, MAX_ENTRY_BYTES),
            Err(CoreError::EntryTooLarge {
                entry: "bid",
                bytes: MAX_ENTRY_BYTES + 1,
                max: MAX_ENTRY_BYTES
            })
        );
    }

    #[test]
    fn an_invoice_grows_with_its_period_by_one_line_per_cycle() {
        assert_eq!(max_invoice_lines(&props(48)), 48);
        assert_eq!(
            max_invoice_bytes(&props(48)),
            INVOICE_BASE_BYTES + 48 * INVOICE_LINE_BYTES
        );
        assert_eq!(check_line_count(48, &props(48)), Ok(()));
        assert_eq!(
            check_line_count(49, &props(48)),
            Err(CoreError::TooManyLines { lines: 49, max: 48 })
        );
    }

    #[test]
    fn the_messages_name_the_sizes() {
        let e = check_entry_size("profile", 100_000, MAX_ENTRY_BYTES).unwrap_err();
        assert_eq!(
            e.to_string(),
            "This profile takes 100000 bytes; an entry of its type may take at most 2048."
        );
        let e = check_line_count(3, &props(1)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "An invoice may list at most one line per cycle of its billing period, 1 in all; this one has 3."
        );
    }
}
