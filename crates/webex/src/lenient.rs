//! Lenient readers for fields where Cisco's spec and live Webex differ: flags sent as
//! JSON booleans or as the strings "true"/"false", numbers sent as integers, floats
//! (`9101.0`) or strings. Be strict in what we send, lenient in what we read.

use serde::{Deserialize, Deserializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum Flag {
    Bool(bool),
    Text(String),
    Number(f64),
}

fn flag_value(f: Flag) -> Option<bool> {
    match f {
        Flag::Bool(b) => Some(b),
        Flag::Number(n) => Some(n != 0.0),
        Flag::Text(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            // An unknown word is not worth failing the whole answer over.
            _ => None,
        },
    }
}

/// An optional flag: `true`, `"true"`, `1`, or missing/null.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(Option::<Flag>::deserialize(d)?.and_then(flag_value))
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Number {
    Int(i64),
    Float(f64),
    Text(String),
}

fn number_value(n: Number) -> Option<i64> {
    match n {
        Number::Int(i) => Some(i),
        Number::Float(f) if f.is_finite() && f.fract() == 0.0 => Some(f as i64),
        Number::Float(_) => None,
        Number::Text(s) => {
            let s = s.trim();
            s.parse::<i64>().ok().or_else(|| {
                s.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite() && f.fract() == 0.0)
                    .map(|f| f as i64)
            })
        }
    }
}

/// An optional whole number: `2017`, `2017.0`, `"2017"`, or missing/null.
pub fn optional_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(Option::<Number>::deserialize(d)?.and_then(number_value))
}

/// A required whole number, read as leniently as [`optional_int`].
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let n = Number::deserialize(d)?;
    number_value(n).ok_or_else(|| serde::de::Error::custom("expected a whole number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "flag")]
        f: Option<bool>,
        #[serde(default, deserialize_with = "optional_int")]
        n: Option<i64>,
    }

    fn read(json: &str) -> T {
        serde_json::from_str(json).expect("reads")
    }

    #[test]
    fn flags_are_read_as_booleans_or_strings() {
        assert_eq!(read(r#"{"f": true}"#).f, Some(true));
        assert_eq!(read(r#"{"f": "false"}"#).f, Some(false));
        assert_eq!(read(r#"{"f": "TRUE"}"#).f, Some(true));
        assert_eq!(read(r#"{"f": null}"#).f, None);
        assert_eq!(read(r#"{}"#).f, None);
        assert_eq!(read(r#"{"f": "perhaps"}"#).f, None);
    }

    #[test]
    fn whole_numbers_are_read_as_integers_floats_or_strings() {
        assert_eq!(read(r#"{"n": 2017}"#).n, Some(2017));
        assert_eq!(read(r#"{"n": 2017.0}"#).n, Some(2017));
        assert_eq!(read(r#"{"n": "2017"}"#).n, Some(2017));
        assert_eq!(read(r#"{"n": 1.5}"#).n, None);
        assert_eq!(read(r#"{}"#).n, None);
    }
}
