//! Answers from the tenant: for a question the API can answer (an input's `lookup` in
//! the tables), the app asks Webex and offers the answer with its source. The person
//! can always choose another answer; the source is kept only while the answer stands.

use crate::actions::ActionContext;
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
    /// When Webex has nothing by that id: what the person can see, to choose from
    /// (those that look like what was typed first). Empty when it was found.
    pub choices: Vec<LookupChoice>,
}

/// An enterprise or organization the signed-in partner can see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LookupChoice {
    /// What to look up: the enterprise's or organization's id.
    pub id: String,
    /// The organization's name, when Webex gives one.
    pub name: Option<String>,
}

/// At most this many choices are offered; the closest to what was typed come first.
const MAX_CHOICES: usize = 20;

/// Those that look like what was typed (ignoring case and spaces) first, then the rest.
fn closest_first(typed: &str, mut choices: Vec<LookupChoice>) -> Vec<LookupChoice> {
    let squash = |s: &str| s.to_lowercase().replace(char::is_whitespace, "");
    let typed = squash(typed);
    let close = |c: &LookupChoice| {
        squash(&c.id).contains(&typed)
            || c.name
                .as_deref()
                .is_some_and(|n| squash(n).contains(&typed))
    };
    choices.sort_by_key(|c| !close(c));
    choices.truncate(MAX_CHOICES);
    choices
}

fn found(value: &str, source: String) -> LookupResult {
    LookupResult {
        value: Some(value.into()),
        source,
        choices: Vec::new(),
    }
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
        let target = crate::actions::form::required("target", target, "what to look up")?;
        let ctx = ActionContext {
            session_id: Some(session_id.into()),
        };
        let client = self
            .client()
            .await
            .ok_or(EngineError::NotSignedIn)?
            .recording()
            .0;
        match lookup.as_str() {
            "enterprise-has-org" => {
                let filter = EnterpriseFilter {
                    sp_enterprise_id: Some(target.into()),
                    ..Default::default()
                };
                let listed = client.enterprises(&filter).await;
                self.audit_call(&ctx, &client, &lookup, target, &listed)
                    .await?;
                let enterprise = listed?.into_iter().find(|e| e.sp_enterprise_id == target);
                Ok(match enterprise {
                    Some(e) => match e.org_id {
                        Some(org) => found("yes", format!("Found in your Webex: the enterprise {target} has the organization {org}, so at least one user is set up.")),
                        None => found("no", format!("Found in your Webex: the enterprise {target} has no Webex organization yet.")),
                    },
                    // Webex knows an enterprise once a user of it is set up, so an
                    // unknown id is either a typing slip or an enterprise with no user
                    // yet: the app cannot tell which, so it chooses nothing.
                    None => {
                        let all = self.actions().enterprises(&ctx).await?;
                        let choices = all
                            .into_iter()
                            .map(|e| LookupChoice {
                                id: e.sp_enterprise_id,
                                name: None,
                            })
                            .collect();
                        LookupResult {
                            value: None,
                            source: format!("The enterprise \"{target}\" was not found in your Webex — check the id. If the id is right, no user of this enterprise is set up in Webex yet."),
                            choices: closest_first(target, choices),
                        }
                    }
                })
            }
            "partner-full-admin" => {
                let listed = client.organizations().await;
                self.audit_call(&ctx, &client, "list-organizations", "", &listed)
                    .await?;
                let own = self.connection_status().await.org_id;
                let orgs: Vec<LookupChoice> = listed?
                    .into_iter()
                    .filter(|o| Some(&o.id) != own.as_ref())
                    .map(|o| LookupChoice {
                        id: o.id,
                        name: o.display_name,
                    })
                    .collect();
                // The id, or else a name that only one organization has.
                let named: Vec<&LookupChoice> = orgs
                    .iter()
                    .filter(|o| {
                        o.name
                            .as_deref()
                            .is_some_and(|n| n.trim().eq_ignore_ascii_case(target))
                    })
                    .collect();
                let org = orgs
                    .iter()
                    .find(|o| o.id == target)
                    .or(match named.as_slice() {
                        [one] => Some(*one),
                        _ => None,
                    });
                let Some(org) = org else {
                    // Webex shows a partner only the organizations it manages: an
                    // unknown id is a typing slip or an organization out of reach.
                    return Ok(LookupResult {
                        value: None,
                        source: format!("The organization \"{target}\" was not found among the organizations you manage in Webex — check the id. If the id is right, you are not an administrator of it yet."),
                        choices: closest_first(target, orgs),
                    });
                };
                let check = self.actions().verify_full_admin(&ctx, &org.id).await?;
                let yes = match input {
                    "partner_access" => ("full_admin", "none"),
                    _ => ("yes", "no"),
                };
                let named = match &org.name {
                    Some(name) => format!("{name} ({})", org.id),
                    None => org.id.clone(),
                };
                Ok(found(
                    if check.ok { yes.0 } else { yes.1 },
                    format!("Found in your Webex: {named}. {}", check.text),
                ))
            }
            other => Err(EngineError::Session(SessionError::NoLookup {
                input: other.into(),
            })),
        }
    }
}
