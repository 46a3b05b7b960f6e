//! Postcode formats of the countries a network can run in.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::CoreError;

/// The postcode format of a network's country, written in DNA properties as
/// its ISO 3166 code (`"AU"`, …).
///
/// Adding a country takes one variant here and one arm in the private
/// `rule` table below.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PostcodeFormat {
    /// Australia: 4 digits, e.g. `3149`.
    #[default]
    #[serde(rename = "AU")]
    Au,
    /// New Zealand: 4 digits, e.g. `6011`.
    #[serde(rename = "NZ")]
    Nz,
    /// United States (ZIP code without the +4 suffix): 5 digits, e.g. `94103`.
    #[serde(rename = "US")]
    Us,
    /// Germany: 5 digits, e.g. `10115`.
    #[serde(rename = "DE")]
    De,
}

/// What a postcode of one country looks like.
struct Rule {
    /// The ISO 3166 code, as written in the properties.
    code: &'static str,
    /// The exact number of ASCII digits.
    digits: usize,
}

impl PostcodeFormat {
    /// The single table of countries.
    fn rule(self) -> Rule {
        match self {
            Self::Au => Rule {
                code: "AU",
                digits: 4,
            },
            Self::Nz => Rule {
                code: "NZ",
                digits: 4,
            },
            Self::Us => Rule {
                code: "US",
                digits: 5,
            },
            Self::De => Rule {
                code: "DE",
                digits: 5,
            },
        }
    }

    /// The country's ISO 3166 code, e.g. `"AU"` (the same string serde uses).
    pub fn code(&self) -> &'static str {
        self.rule().code
    }

    /// The expected shape in words, e.g. `"4 digits (AU)"`.
    pub fn expected(&self) -> String {
        let rule = self.rule();
        format!("{} digits ({})", rule.digits, rule.code)
    }

    /// Checks that `postcode` has this format, exactly (no spaces trimmed).
    ///
    /// # Errors
    ///
    /// [`CoreError::InvalidPostcode`] if it does not.
    pub fn check_postcode(&self, postcode: &str) -> Result<(), CoreError> {
        let rule = self.rule();
        // is_ascii_digit, not is_numeric: other scripts' digits would make
        // look-alike postcodes and distinct discovery paths.
        let valid = postcode.len() == rule.digits && postcode.bytes().all(|b| b.is_ascii_digit());
        if valid {
            Ok(())
        } else {
            Err(CoreError::InvalidPostcode {
                postcode: postcode.to_string(),
                expected: self.expected(),
            })
        }
    }
}

impl fmt::Display for PostcodeFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    const ALL: [PostcodeFormat; 4] = [
        PostcodeFormat::Au,
        PostcodeFormat::Nz,
        PostcodeFormat::Us,
        PostcodeFormat::De,
    ];

    #[test]
    fn serde_uses_the_country_code() {
        for format in ALL {
            let json = serde_json::to_string(&format).unwrap();
            assert_eq!(json, format!("\"{}\"", format.code()));
            assert_eq!(
                serde_json::from_str::<PostcodeFormat>(&json).unwrap(),
                format
            );
            assert_eq!(format.to_string(), format.code());
        }
        assert!(serde_json::from_str::<PostcodeFormat>("\"au\"").is_err());
    }

    #[test]
    fn default_is_australia() {
        assert_eq!(PostcodeFormat::default(), PostcodeFormat::Au);
    }

    #[test]
    fn accepts_the_right_number_of_digits() {
        assert_eq!(PostcodeFormat::Au.check_postcode("3149"), Ok(()));
        assert_eq!(PostcodeFormat::Au.check_postcode("0800"), Ok(()));
        assert_eq!(PostcodeFormat::Nz.check_postcode("6011"), Ok(()));
        assert_eq!(PostcodeFormat::Us.check_postcode("94103"), Ok(()));
        assert_eq!(PostcodeFormat::De.check_postcode("10115"), Ok(()));
    }

    #[test]
    fn rejects_other_shapes() {
        let err = PostcodeFormat::Au.check_postcode("31A9").unwrap_err();
        assert_eq!(
            err.to_string(),
            "'31A9' is not a valid postcode: expected 4 digits (AU)."
        );
        assert_eq!(
            PostcodeFormat::Us
                .check_postcode("9410")
                .unwrap_err()
                .to_string(),
            "'9410' is not a valid postcode: expected 5 digits (US)."
        );
        for bad in [
            "",
            "314",
            "31490",
            " 3149",
            "3149 ",
            "３１４９",
            "-149",
            "31 9",
        ] {
            assert_eq!(
                PostcodeFormat::Au.check_postcode(bad),
                Err(CoreError::InvalidPostcode {
                    postcode: bad.to_string(),
                    expected: "4 digits (AU)".to_string(),
                }),
                "{bad:?}"
            );
        }
        assert!(PostcodeFormat::De.check_postcode("3149").is_err());
    }
}
