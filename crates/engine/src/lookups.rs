//! Answers from the tenant: for a question the API can answer (an input's `lookup` in
//! the tables), the app asks Webex and offers the answer with its source. The person
//! can always choose another answer; the source is kept only while the answer stands.

use crate::actions::ActionContext;
use crate::actions::ActionError;
use crate::sessions::SessionError;
use crate::{EngineError, Sessions};
use serde::Serialize;
use ts_rs::TS;
use webex::EnterpriseFilter;

/// What a look-up found: the answer it suggests, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LookupResult {
    /// The answer value it suggests, when it could tell.
    pub value: Option<String>,
    /// "Found in your Webex: …", or why it could not tell.
    pub source: String,
}

impl Sessions<'_> {
    /// Looks up the answer to a session's question in the tenant. `target` is the
    /// enterprise or organization it is about, as the person typed it.
    pub async fn lookup(
        self,
        session_id: &str,
        input: &str,
        target: &str,
    ) -> Result<LookupResult, EngineError> {
        let session = self.session(session_id)?;
        let lookup = session
            .wizard
            .input(input)
            .and_then(|i| i.lookup.clone())
            .ok_or_else(|| {
                EngineError::Session(SessionError::NoLookup {
                    input: input.into(),
                })
            })?;
        let target = target.trim();
        if target.is_empty() {
            return Err(EngineError::Action(ActionError::InvalidForm {
                problems: vec![crate::actions::FieldProblem {
                    field: "target".into(),
                    message: "Enter what to look up".into(),
                }],
            }));
        }
        let ctx = ActionContext {
            session_id: Some(session_id.into()),
        };
        match lookup.as_str() {
            "enterprise-has-org" => {
                let client = self
                    .client()
                    .await
                    .ok_or(EngineError::NotSignedIn)?
                    .recording()
                    .0;
                let filter = EnterpriseFilter {
                    sp_enterprise_id: Some(target.into()),
                    ..Default::default()
                };
                let found = client.enterprises(&filter).await;
                self.audit_call(&ctx, &client, &lookup, target, &found)
                    .await?;
                let org = found?
                    .into_iter()
                    .find(|e| e.sp_enterprise_id == target)
                    .and_then(|e| e.org_id);
                Ok(match org {
                    Some(org) => LookupResult {
                        value: Some("yes".into()),
                        source: format!("Found in your Webex: the enterprise {target} has the organization {org}, so at least one user is set up."),
                    },
                    None => LookupResult {
                        value: Some("no".into()),
                        source: format!("Found in your Webex: the enterprise {target} has no Webex organization yet."),
                    },
                })
            }
            "partner-full-admin" => {
                let check = self.actions().verify_full_admin(&ctx, target).await?;
                let yes = match input {
                    "partner_access" => ("full_admin", "none"),
                    _ => ("yes", "no"),
                };
                Ok(LookupResult {
                    value: Some(if check.ok { yes.0 } else { yes.1 }.into()),
                    source: format!("Found in your Webex: {}", check.text),
                })
            }
            other => Err(EngineError::Session(SessionError::NoLookup {
                input: other.into(),
            })),
        }
    }
}
