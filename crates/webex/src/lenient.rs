//! Lenient readers for fields where Cisco's spec and live Webex differ: flags sent as
//! JSON booleans or as the strings "true"/"false", numbers sent as integers, floats
//! (`9101.0`) or strings, lists sent bare or as one item, ids packed into one string.
//! Be strict in what we send, lenient in what we read.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

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

/// The items of a list answer. Webex sends `{"items": [...]}`; also read are a bare array,
/// a bare item (recognised by its `id`: the spec's `EnterpriseListResponse` schema is one
/// enterprise) and an envelope without `items` or with `items: null` (every field of
/// the spec's list schemas is optional), which has no items.
pub fn list<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    let items = match Value::deserialize(d)? {
        Value::Null => return Ok(Vec::new()),
        Value::Array(list) => list,
        Value::Object(mut envelope) => match envelope.remove("items") {
            Some(Value::Array(list)) => list,
            Some(Value::Null) => return Ok(Vec::new()),
            Some(one @ Value::Object(_)) => vec![one],
            Some(other) => return Err(D::Error::custom(format!("`items` is not a list: {other}"))),
            None if envelope.contains_key("id") => vec![Value::Object(envelope)],
            None => return Ok(Vec::new()),
        },
        other => return Err(D::Error::custom(format!("expected a list, got {other}"))),
    };
    serde_json::from_value(Value::Array(items)).map_err(D::Error::custom)
}

/// An optional value of a known set (an enum): one this app does not know, or of
/// another type, reads as none instead of failing the whole answer.
pub fn known<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    Ok(Option::<Value>::deserialize(d)?.and_then(|v| serde_json::from_value(v).ok()))
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Ids {
    Many(Vec<String>),
    One(String),
}

/// A list of ids, each entry split at commas: Cisco's examples pack two role ids into one
/// string (`["id1,id2"]`). Webex ids are base64url and never contain a comma.
pub fn id_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let entries = match Option::<Ids>::deserialize(d)? {
        None => Vec::new(),
        Some(Ids::Many(list)) => list,
        Some(Ids::One(text)) => vec![text],
    };
    Ok(entries
        .iter()
        .flat_map(|entry| entry.split(','))
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(String::from)
        .collect())
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

    #[derive(Deserialize)]
    struct L {
        #[serde(deserialize_with = "list")]
        l: Vec<u8>,
        #[serde(default, deserialize_with = "id_list")]
        ids: Vec<String>,
    }

    #[test]
    fn lists_are_read_in_every_shape_and_packed_ids_are_split() {
        let read = |json: &str| serde_json::from_str::<L>(json).map(|l| l.l).ok();
        assert_eq!(read(r#"{"l": {"items": [1, 2]}}"#), Some(vec![1, 2]));
        assert_eq!(read(r#"{"l": [3]}"#), Some(vec![3]));
        assert_eq!(read(r#"{"l": {"items": null}}"#), Some(vec![]));
        assert_eq!(read(r#"{"l": {"notFoundIds": []}}"#), Some(vec![]));
        assert_eq!(read(r#"{"l": null}"#), Some(vec![]));
        assert_eq!(read(r#"{"l": {"items": "x"}}"#), None);
        assert_eq!(read(r#"{"l": {"items": ["x"]}}"#), None);
        let ids: L = serde_json::from_str(r#"{"l": [], "ids": ["a,b", " c "]}"#).unwrap();
        assert_eq!(ids.ids, vec!["a", "b", "c"]);
        let one: L = serde_json::from_str(r#"{"l": [], "ids": "a,b"}"#).unwrap();
        assert_eq!(one.ids, vec!["a", "b"]);
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
