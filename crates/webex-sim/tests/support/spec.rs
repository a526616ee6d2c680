//! Cisco's OpenAPI specs (../shared/reference/openapi) and a small validator for them,
//! shared by the tests that hold the simulator's answers (`contract.rs`) and the client's
//! requests (`request_contract.rs`) to the spec.
//!
//! The validator knows what these two files use: `$ref`, `type`, `enum`, `required`,
//! `properties`, `items`, `minLength`/`maxLength`. It is stricter than the schemas in
//! one way: a field an object schema does not name is a problem.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub struct Spec {
    pub doc: Value,
}

impl Spec {
    pub fn load(file: &str) -> Spec {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/reference/openapi")
            .join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        Spec {
            doc: serde_json::from_str(&text).unwrap(),
        }
    }

    /// The schema of a documented answer; panics when the spec has no such answer.
    pub fn response_schema(&self, path: &str, method: &str, status: &str) -> Option<Value> {
        let op = &self.doc["paths"][path][method];
        assert!(op.is_object(), "the spec has no {method} {path}");
        let resp = &op["responses"][status];
        assert!(
            resp.is_object(),
            "the spec documents no {status} for {method} {path}"
        );
        let schema = &resp["content"]["application/json"]["schema"];
        (!schema.is_null()).then(|| schema.clone())
    }

    pub fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(|r| r.as_str()) {
            Some(r) => {
                let pointer = r.strip_prefix('#').expect("local $ref");
                let target = self
                    .doc
                    .pointer(pointer)
                    .unwrap_or_else(|| panic!("unresolved {r}"));
                self.resolve(target)
            }
            None => schema,
        }
    }

    /// Every way `value` breaks `schema`, with a JSON path.
    pub fn check(&self, schema: &Value, value: &Value, at: &str, problems: &mut Vec<String>) {
        let schema = self.resolve(schema);
        if let Some(t) = schema.get("type").and_then(|t| t.as_str()) {
            let fits = match t {
                "object" => value.is_object(),
                "array" => value.is_array(),
                "string" => value.is_string(),
                "number" => value.is_number(),
                "integer" => value.is_i64() || value.is_u64(),
                "boolean" => value.is_boolean(),
                other => panic!("schema type {other} not handled"),
            };
            if !fits {
                problems.push(format!("{at}: expected {t}, got {value}"));
                return;
            }
        }
        if let Some(allowed) = schema.get("enum").and_then(|e| e.as_array()) {
            if !allowed.contains(value) {
                problems.push(format!("{at}: {value} is not one of {allowed:?}"));
            }
        }
        if let Some(text) = value.as_str() {
            let length = text.chars().count() as u64;
            if let Some(min) = schema.get("minLength").and_then(Value::as_u64) {
                if length < min {
                    problems.push(format!("{at}: {value} is shorter than {min}"));
                }
            }
            if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
                if length > max {
                    problems.push(format!("{at}: {value} is longer than {max}"));
                }
            }
        }
        if let Some(required) = schema.get("required").and_then(|r| r.as_array()) {
            for field in required.iter().filter_map(|f| f.as_str()) {
                if value.get(field).is_none() {
                    problems.push(format!("{at}: required field '{field}' missing"));
                }
            }
        }
        if let (Some(props), Some(obj)) = (
            schema.get("properties").and_then(|p| p.as_object()),
            value.as_object(),
        ) {
            for (key, v) in obj {
                match props.get(key) {
                    Some(s) => self.check(s, v, &format!("{at}.{key}"), problems),
                    None => problems.push(format!("{at}: field '{key}' is not in the schema")),
                }
            }
        }
        if let (Some(items), Some(list)) = (schema.get("items"), value.as_array()) {
            for (i, v) in list.iter().enumerate() {
                self.check(items, v, &format!("{at}[{i}]"), problems);
            }
        }
    }

    /// A parameter's text (path or query) read as its schema types it, then checked:
    /// `max=null` is not an integer, `selfActivated=1` not a boolean.
    fn check_text(&self, schema: &Value, text: &str, at: &str, problems: &mut Vec<String>) {
        let schema = self.resolve(schema);
        let value = match schema.get("type").and_then(Value::as_str) {
            Some("integer") => text.parse::<i64>().map(Value::from).ok(),
            Some("number") => text
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(|n| json!(n)),
            Some("boolean") => match text {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            _ => Some(Value::String(text.to_string())),
        };
        match value {
            Some(v) => self.check(schema, &v, at, problems),
            None => problems.push(format!("{at}: '{text}' is not a {}", schema["type"])),
        }
    }
}

/// One request as a server received it, under the API's base path.
#[derive(Debug, Clone)]
pub struct Received {
    /// `GET`, `POST`, …
    pub method: String,
    /// As sent (percent-encoded), e.g. `/broadworks/subscribers/a%2Fb`.
    pub path: String,
    /// As sent, without the `?`.
    pub query: Option<String>,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        let found = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name));
        found.map(|(_, v)| v.as_str())
    }
}

/// What a request that the spec accepts was: its operation and what it carried.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// `POST /broadworks/subscribers/{subscriberId}`.
    pub key: String,
    /// Path parameters, decoded.
    pub params: BTreeMap<String, String>,
    /// Query parameters, decoded, in the order sent.
    pub query: Vec<(String, String)>,
    /// The JSON body (`Null` when there was none).
    pub body: Value,
}

/// An operation found for a request: its spec, path template, operation and path item.
pub type Found<'a> = (&'a Spec, &'a str, &'a Value, &'a Value);

/// Both spec files, for checking requests as a spec-validating mock (Prism) would.
pub struct Api {
    pub specs: Vec<Spec>,
}

impl Api {
    pub fn load() -> Api {
        Api {
            specs: ["webex-broadworks.json", "webex-admin-subset.json"]
                .map(Spec::load)
                .into(),
        }
    }

    /// The operation a request is for: `(spec, template, operation, path item)`. A
    /// literal segment (`/people/me`) beats a parameter (`/people/{personId}`); an
    /// empty segment fills no parameter.
    pub fn operation(&self, method: &str, path: &str) -> Option<Found<'_>> {
        let segments: Vec<&str> = path.split('/').collect();
        let method = method.to_ascii_lowercase();
        let mut best: Option<(usize, Found<'_>)> = None;
        for spec in &self.specs {
            let Some(paths) = spec.doc["paths"].as_object() else {
                continue;
            };
            for (template, item) in paths {
                let Some(op) = item.get(&method) else {
                    continue;
                };
                let parts: Vec<&str> = template.split('/').collect();
                let fits = parts.len() == segments.len()
                    && parts.iter().zip(&segments).all(|(t, s)| {
                        if t.starts_with('{') {
                            !s.is_empty()
                        } else {
                            t == s
                        }
                    });
                if !fits {
                    continue;
                }
                let literal = parts.iter().filter(|t| !t.starts_with('{')).count();
                if best.as_ref().is_none_or(|(l, _)| literal > *l) {
                    best = Some((literal, (spec, template.as_str(), op, item)));
                }
            }
        }
        best.map(|(_, found)| found)
    }

    /// Checks one request against the spec as Prism validates requests: the operation
    /// exists; path parameters, query parameters (declared, typed, required) and the
    /// JSON body (sent as `application/json`, required fields, types, enums, no field
    /// the schema does not name) fit it; a bearer token goes with it.
    pub fn check_request(&self, r: &Received) -> Result<Accepted, Vec<String>> {
        let mut problems = Vec::new();
        let Some((spec, template, op, item)) = self.operation(&r.method, &r.path) else {
            return Err(vec![format!("the spec has no {} {}", r.method, r.path)]);
        };
        let key = format!("{} {template}", r.method.to_ascii_uppercase());
        // The operation's parameters, with the path item's shared ones.
        let mut declared: Vec<&Value> = Vec::new();
        for list in [&op["parameters"], &item["parameters"]] {
            for p in list.as_array().into_iter().flatten() {
                let p = spec.resolve(p);
                let taken = declared
                    .iter()
                    .any(|d| d["name"] == p["name"] && d["in"] == p["in"]);
                if !taken {
                    declared.push(p);
                }
            }
        }
        let param = |place: &str, name: &str| {
            declared
                .iter()
                .find(|p| p["in"] == place && p["name"] == name)
                .copied()
        };

        let mut params = BTreeMap::new();
        for (t, s) in template.split('/').zip(r.path.split('/')) {
            let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
                continue;
            };
            let value = match percent_decode(s) {
                Some(v) => v,
                None => {
                    problems.push(format!(
                        "path {name}: '{s}' is not valid percent-encoded UTF-8"
                    ));
                    continue;
                }
            };
            match param("path", name) {
                Some(p) => {
                    spec.check_text(&p["schema"], &value, &format!("path {name}"), &mut problems)
                }
                None => problems.push(format!("path parameter {name} is not declared")),
            }
            params.insert(name.to_string(), value);
        }

        let query: Vec<(String, String)> = r
            .query
            .as_deref()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        for (i, (name, value)) in query.iter().enumerate() {
            let Some(p) = param("query", name) else {
                problems.push(format!("query parameter '{name}' is not declared"));
                continue;
            };
            let schema = spec.resolve(&p["schema"]);
            if query[..i].iter().any(|(n, _)| n == name) && schema["type"] != "array" {
                problems.push(format!("query parameter '{name}' is sent more than once"));
            }
            spec.check_text(schema, value, &format!("query {name}"), &mut problems);
        }
        for p in &declared {
            let name = p["name"].as_str().unwrap_or_default();
            let missing = match p["in"].as_str() {
                Some("query") => !query.iter().any(|(n, _)| n == name),
                Some("header") => r.header(name).is_none(),
                _ => false,
            };
            if p["required"] == true && missing {
                problems.push(format!("required {} parameter '{name}' missing", p["in"]));
            }
        }

        let mut body = Value::Null;
        let request_body = spec.resolve(&op["requestBody"]);
        if r.body.is_empty() {
            if request_body["required"] == true {
                problems.push("the request body is required".into());
            }
        } else if request_body.is_null() {
            problems.push(format!("{key} takes no body, got {} bytes", r.body.len()));
        } else {
            let media = r.header("content-type").unwrap_or_default();
            let media = media.split(';').next().unwrap_or_default().trim();
            let schema = &request_body["content"][media]["schema"];
            if request_body["content"][media].is_null() {
                problems.push(format!("Content-Type '{media}' is not one {key} takes"));
            }
            match serde_json::from_slice::<Value>(&r.body) {
                Ok(v) => {
                    if !schema.is_null() {
                        spec.check(schema, &v, "$", &mut problems);
                    }
                    body = v;
                }
                Err(e) => problems.push(format!("the body is not JSON: {e}")),
            }
        }

        let bearer = r
            .header("authorization")
            .and_then(|a| a.strip_prefix("Bearer "));
        if bearer.is_none_or(|t| t.trim().is_empty()) {
            problems.push("no bearer token".into());
        }
        if problems.is_empty() {
            Ok(Accepted {
                key,
                params,
                query,
                body,
            })
        } else {
            Err(problems)
        }
    }
}

/// `%XX`-decoding of one path segment (a `+` stays a `+`).
fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment.get(i + 1..i + 3)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
