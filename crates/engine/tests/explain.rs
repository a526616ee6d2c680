//! Every mapped Webex error becomes plain words and a next step; anything else shows
//! Webex's description and the tracking id for support.

use engine::explain::{explain_error, Context};
use webex::WebexError;

fn api(status: u16, codes: &[i64], description: &str) -> WebexError {
    WebexError::Api {
        status,
        codes: codes.to_vec(),
        description: description.into(),
        tracking_id: "ROUTER_TEST_1".into(),
    }
}

fn ctx() -> Context<'static> {
    Context {
        partner_admin_email: Some("alex.partner@demo-telecom.example"),
    }
}

#[test]
fn each_mapped_error_has_its_own_code_and_a_next_step() {
    let cases = [
        (
            api(400, &[2017], "approval required"),
            "customer_approval_needed",
        ),
        (
            api(409, &[10022], "already associated"),
            "already_provisioned",
        ),
        (api(400, &[1001], "Null Parameter"), "missing_field"),
        (
            api(400, &[1002], "Invalid Parameter Size"),
            "field_too_long",
        ),
        (api(401, &[], "Unauthorized"), "sign_in_again"),
        (api(403, &[], "Forbidden"), "not_allowed"),
        (api(404, &[], "Not Found"), "not_found"),
        (api(409, &[], "Conflict"), "conflict"),
        (api(429, &[], "Too Many Requests"), "rate_limited"),
        (api(503, &[], "Service Unavailable"), "webex_unavailable"),
        (
            WebexError::Network {
                base_url: "https://webexapis.com/v1".into(),
                message: "connection reset".into(),
                tracking_id: "WXM_1".into(),
            },
            "webex_unreachable",
        ),
        (
            WebexError::InvalidRequest("an id in the request path is empty".into()),
            "missing_field",
        ),
    ];
    for (error, code) in cases {
        let x = explain_error(&error, &ctx());
        assert_eq!(x.code, code, "{error}");
        assert!(!x.message.is_empty() && !x.hint.is_empty(), "{code}");
        assert!(
            !x.message.contains("HTTP") && !x.message.contains('{'),
            "plain words: {}",
            x.message
        );
    }
}

#[test]
fn error_2017_names_the_email_the_customer_must_add_and_the_wizard_to_use() {
    let x = explain_error(
        &api(400, &[2017], "external administrator approval required"),
        &ctx(),
    );
    assert!(
        x.hint.contains("alex.partner@demo-telecom.example"),
        "{}",
        x.hint
    );
    assert!(x.hint.contains("Give my partner Full Admin access"));
}

#[test]
fn an_unknown_code_shows_the_webex_description_and_tracking_id_in_the_details() {
    let x = explain_error(&api(400, &[2560], "Something unusual happened"), &ctx());
    assert_eq!(x.code, "rejected");
    assert!(x.details.contains("Something unusual happened"));
    assert!(x.details.contains("2560"));
    assert!(x.details.contains("ROUTER_TEST_1"));
}
