//! The simulator's answers against Cisco's OpenAPI schemas (../shared/reference/openapi):
//! for every endpoint, success and error cases, each JSON body is checked for types,
//! enums, required fields and — stricter than the schemas — no field they do not name.
//!
//! Two schemas contradict Cisco's own examples and the documented behaviour; the test
//! patches them and says so (`errata`): the precheck's `info` is a list, and the
//! enterprise list is `{items: [enterprise]}`. Error bodies have no schema in the files;
//! they are checked against Webex's documented error envelope whose `errors[]` items are
//! the spec's `Error` schema.

mod support;

use serde_json::{json, Value};
use support::spec::Spec;
use support::*;

struct Contract {
    bw: Spec,
    admin: Spec,
    checked: Vec<String>,
    /// The API's base URL and the token requests carry (see [`Contract::against`]).
    base: String,
    token: String,
}

impl Contract {
    fn new() -> Contract {
        let mut bw = Spec::load("webex-broadworks.json");
        // Errata, see the module comment.
        let info = bw.doc["components"]["schemas"]["SubscriberProvisioningPrecheckResponse"]
            ["properties"]["info"]
            .take();
        bw.doc["components"]["schemas"]["SubscriberProvisioningPrecheckResponse"]["properties"]
            ["info"] = json!({ "type": "array", "items": info });
        let enterprise = bw.doc["components"]["schemas"]["EnterpriseListResponse"].take();
        bw.doc["components"]["schemas"]["Enterprise"] = enterprise;
        bw.doc["components"]["schemas"]["EnterpriseListResponse"] = json!({
            "type": "object",
            "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Enterprise" } } }
        });
        // Webex's error envelope, with the spec's own `Error` items.
        bw.doc["components"]["schemas"]["ErrorEnvelope"] = json!({
            "type": "object",
            "required": ["message", "trackingId"],
            "properties": {
                "message": { "type": "string" },
                "trackingId": { "type": "string" },
                "errors": { "type": "array", "items": { "$ref": "#/components/schemas/Error" } }
            }
        });
        Contract {
            bw,
            admin: Spec::load("webex-admin-subset.json"),
            checked: Vec::new(),
            base: String::new(),
            token: String::new(),
        }
    }

    /// Checks the answers of this simulator, asked with its demo token.
    fn against(sim: &webex_sim::RunningSim) -> Contract {
        Contract {
            base: sim.base_url(),
            token: sim.demo_token().to_string(),
            ..Contract::new()
        }
    }

    /// `method path` (under the base URL, with any query) with the demo token, checked
    /// against the spec's `spec_path`.
    async fn send(
        &mut self,
        method: &str,
        spec_path: &str,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let (url, token) = (format!("{}{path}", self.base), self.token.clone());
        self.call(&token, method, spec_path, &url, body).await
    }

    /// `GET path`, checked against the spec's `spec_path`.
    async fn get(&mut self, spec_path: &str, path: &str) -> (u16, Value) {
        self.send("get", spec_path, path, None).await
    }

    /// Sends a request and checks the answer against the spec.
    async fn call(
        &mut self,
        token: &str,
        method: &str,
        spec_path: &str,
        url: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let http = reqwest::Client::new();
        let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let mut req = http.request(m, url).bearer_auth(token);
        if let Some(b) = &body {
            req = req.json(b);
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        let value: Value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{method} {url}: not JSON ({e}): {text}"))
        };
        let spec = if spec_path.starts_with("/broadworks") || spec_path.starts_with("/subscribers")
        {
            &self.bw
        } else {
            &self.admin
        };
        let schema = spec.response_schema(spec_path, method, &status.to_string());
        let mut problems = Vec::new();
        if status >= 400 {
            let envelope = json!({ "$ref": "#/components/schemas/ErrorEnvelope" });
            self.bw.check(&envelope, &value, "$", &mut problems);
        } else if let Some(schema) = schema {
            spec.check(&schema, &value, "$", &mut problems);
        } else {
            assert!(
                value.is_null(),
                "{method} {spec_path} {status} documents no body, got {value}"
            );
        }
        // Where live Webex and the spec differ, the simulator answers as live Webex does
        // (so the tests see what users see); each difference is listed here, with why.
        problems.retain(|p| !LIVE_DIFFERENCES.iter().any(|(at, _why)| p.starts_with(at)));
        assert!(
            problems.is_empty(),
            "{method} {spec_path} answered {status} outside the spec:\n{}\n{value}",
            problems.join("\n")
        );
        self.checked.push(format!("{method} {spec_path} {status}"));
        (status, value)
    }
}

/// Answers where live Webex differs from Cisco's spec, and the simulator follows live.
const LIVE_DIFFERENCES: &[(&str, &str)] = &[
    (
        "$.invitePending: expected string, got ",
        "the spec says a string \"true\"/\"false\"; live /people/me sends a JSON boolean",
    ),
    (
        "$.loginEnabled: expected string, got ",
        "the spec says a string \"true\"/\"false\"; live /people/me sends a JSON boolean",
    ),
];

#[tokio::test]
async fn every_simulator_answer_matches_ciscos_openapi_schemas() {
    let sim = sim().await;
    let mut c = Contract::against(&sim);

    // People, roles, organizations, licenses, partner admins.
    let (_, me) = c.get("/people/me", "/people/me").await;
    let me_id = me["id"].as_str().unwrap().to_string();
    c.get("/people/me", "/people/me").await;
    let wrong_token_url = format!("{}/people/me", sim.base_url());
    c.call("wrong-token", "get", "/people/me", &wrong_token_url, None)
        .await;
    c.get("/people", "/people?email=alex.partner@demo-telecom.example")
        .await;
    c.get("/people", "/people?orgId=sim-org-maple").await;
    let person = "/people/{personId}";
    c.get(person, &format!("/people/{me_id}")).await;
    c.get(person, "/people/sim-person-none").await;
    c.get("/roles", "/roles").await;
    c.get("/roles/{roleId}", "/roles/id_full_admin").await;
    c.get("/organizations", "/organizations").await;
    let org = "/organizations/{orgId}";
    c.get(org, "/organizations/sim-org-globex").await;
    c.get(org, "/organizations/sim-org-maple").await;
    c.get("/licenses", "/licenses?orgId=sim-org-globex").await;
    c.get("/licenses", "/licenses?orgId=sim-org-harbor").await;
    let partner_admins = "/partner/organizations/{orgId}/partnerAdmins";
    for org in ["sim-org-globex", "sim-org-cedar"] {
        let path = format!("/partner/organizations/{org}/partnerAdmins");
        c.get(partner_admins, &path).await;
    }

    // Enterprises.
    let enterprises = "/broadworks/enterprises";
    c.get(enterprises, enterprises).await;
    c.get(enterprises, &format!("{enterprises}?max=5000")).await;

    // Subscribers: list (paged), get, provision, update, precheck, consent, remove.
    let subs = "/broadworks/subscribers";
    let (_, page) = c.get(subs, &format!("{subs}?max=100")).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 100);
    c.get(subs, &format!("{subs}?status=nonsense")).await;
    let one = "/broadworks/subscribers/{subscriberId}";
    c.get(one, &format!("{subs}/sim-sub-tara")).await;
    c.get(one, &format!("{subs}/sim-sub-none")).await;
    let new = json!({
        "provisioningId": TRUSTED, "userId": "gus.globex@bw.demo-telecom.example",
        "spEnterpriseId": "DemoTelecom+globex", "firstName": "Gus", "lastName": "Grant",
        "package": "standard", "email": "gus@globex.example", "extension": "605"
    });
    let (_, gus) = c.send("post", subs, subs, Some(new.clone())).await;
    c.send("post", subs, subs, Some(new)).await; // 409 10022
    c.send("post", subs, subs, Some(json!({ "userId": "x" })))
        .await; // 400 1001
    let gus_path = format!("{subs}/{}", gus["id"].as_str().unwrap());
    advance(&sim, 5.0).await;
    c.get(one, &gus_path).await;
    c.send(
        "put",
        one,
        &gus_path,
        Some(json!({ "firstName": "Augustus" })),
    )
    .await;
    c.send("put", one, &gus_path, Some(json!({ "firstName": "Again" })))
        .await; // 409 while updating

    // A failed subscriber with errors[] (2017).
    let hanna = json!({
        "provisioningId": TRUSTED, "userId": "hanna.harbor@bw.demo-telecom.example",
        "spEnterpriseId": "DemoTelecom+harbor", "firstName": "Hanna", "lastName": "Harbor",
        "package": "basic", "email": "hanna.admin@harbordental.example", "extension": "200"
    });
    let (_, hanna) = c.send("post", subs, subs, Some(hanna)).await;
    advance(&sim, 5.0).await;
    let hanna_path = format!("{subs}/{}", hanna["id"].as_str().unwrap());
    let (_, failed) = c.get(one, &hanna_path).await;
    assert_eq!(failed["errors"][0]["errorCode"], 2017);
    let validate = "/broadworks/subscribers/validate";
    let northwind = json!({
        "email": "nora.admin@northwind.example", "spEnterpriseId": "DemoTelecom+northwind"
    });
    c.send("post", validate, validate, Some(northwind)).await;
    c.send(
        "post",
        validate,
        validate,
        Some(json!({ "firstName": "No email" })),
    )
    .await;
    let consent = "/subscribers/{subscriberId}/emails/consentMove";
    let gus_id = gus["id"].as_str().unwrap();
    for id in ["sim-sub-tara", gus_id] {
        let path = format!("/subscribers/{id}/emails/consentMove");
        c.send("post", consent, &path, None).await;
    }
    c.send("delete", one, &gus_path, None).await;
    c.send("delete", one, &gus_path, None).await;

    // Workspaces: no listing; provision, update, remove.
    let ws = "/broadworks/workspaces";
    let ws_one = "/broadworks/workspaces/{workspaceId}";
    let kitchen = json!({
        "provisioningId": TRUSTED, "userId": "kitchen@bw", "spEnterpriseId": "DemoTelecom+globex",
        "displayName": "Kitchen", "extension": "698"
    });
    let (_, created) = c.send("post", ws, ws, Some(kitchen)).await;
    c.send("post", ws, ws, Some(json!({ "userId": "x" }))).await;
    let ws_path = format!("{ws}/{}", created["id"].as_str().unwrap());
    let extension = json!({ "extension": "697" });
    c.send("put", ws_one, &ws_path, Some(extension.clone()))
        .await;
    c.send("delete", ws_one, &ws_path, None).await;
    c.send("put", ws_one, &ws_path, Some(extension)).await;

    // Faults answer in Webex's shape too.
    sim.set_faults(webex_sim::Faults {
        server_error_share: 1.0,
        ..webex_sim::Faults::default()
    });
    let (status, _) = c.get(subs, subs).await;
    assert!(status >= 500);
    sim.set_faults(webex_sim::Faults {
        rate_limit_per_sec: Some(0),
        ..webex_sim::Faults::default()
    });
    let (status, _) = c.get("/people/me", "/people/me").await;
    assert_eq!(status, 429);

    let statuses: Vec<&str> = c
        .checked
        .iter()
        .map(|s| s.rsplit(' ').next().unwrap())
        .collect();
    for expected in ["200", "204", "400", "401", "403", "404", "409", "429"] {
        assert!(
            statuses.contains(&expected),
            "no {expected} answer was checked: {:?}",
            c.checked
        );
    }
}

#[test]
fn the_validator_really_rejects_what_breaks_a_schema() {
    let c = Contract::new();
    let schema = json!({ "$ref": "#/components/schemas/Subscriber" });
    let mut problems = Vec::new();
    c.bw.check(
        &schema,
        &json!({ "id": "x", "status": "done", "selfActivated": "false", "surname": "y" }),
        "$",
        &mut problems,
    );
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("not one of")));
    assert!(problems.iter().any(|p| p.contains("expected boolean")));
    assert!(problems
        .iter()
        .any(|p| p.contains("'surname' is not in the schema")));
    let mut problems = Vec::new();
    c.bw.check(
        &json!({ "$ref": "#/components/schemas/ErrorEnvelope" }),
        &json!({ "errors": [] }),
        "$",
        &mut problems,
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
}
