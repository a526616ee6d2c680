//! Paged lists: following `Link: <…>; rel="next"` safely (same origin only, Webex's
//! `max=null` quirk removed, dropped filters put back), and building list queries.

use crate::model::Items;
use crate::transport::Outgoing;
use crate::{Client, WebexError};
use reqwest::Method;
use serde::de::DeserializeOwned;

/// The query of a list request: only the filters that are set, in the order added.
#[derive(Debug, Default)]
pub(crate) struct ListQuery(Vec<(String, String)>);

impl ListQuery {
    /// Adds `key=value` when there is a value.
    pub(crate) fn with(mut self, key: &str, value: Option<impl ToString>) -> ListQuery {
        if let Some(v) = value {
            self.0.push((key.to_string(), v.to_string()));
        }
        self
    }

    pub(crate) fn into_pairs(self) -> Vec<(String, String)> {
        self.0
    }
}

impl Client {
    /// Every item of a paged list, following `Link: rel="next"`.
    pub(crate) async fn get_all<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Vec<(String, String)>,
    ) -> Result<Vec<T>, WebexError> {
        let mut items = Vec::new();
        let mut url = self.url(path);
        let mut query = query;
        let original = query.clone();
        loop {
            let answer = self
                .call_safe(Outgoing {
                    method: &Method::GET,
                    url: &url,
                    query: &query,
                    body: None,
                })
                .await?;
            let page: Items<T> = Self::decode(&answer)?;
            items.extend(page.items);
            let Some(next) = answer.next else {
                return Ok(items);
            };
            url = self.fix_next_link(&next, &original)?;
            query = Vec::new();
        }
    }

    /// Makes a next link safe to follow: same origin as the API, without `max=null`
    /// (a known Webex quirk), and with any filter the link dropped put back.
    fn fix_next_link(
        &self,
        next: &str,
        original: &[(String, String)],
    ) -> Result<String, WebexError> {
        let base = url::Url::parse(&self.base_url)
            .map_err(|_| WebexError::BaseUrl(self.base_url.clone()))?;
        let mut link = base
            .join(next)
            .map_err(|_| WebexError::Decode(format!("a paging link is not a URL: {next}")))?;
        if link.origin() != base.origin() {
            return Err(WebexError::ForeignLink(link.origin().ascii_serialization()));
        }
        let mut pairs: Vec<(String, String)> = link
            .query_pairs()
            .filter(|(k, v)| !(k == "max" && (v == "null" || v.is_empty())))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        for (k, v) in original {
            if !pairs.iter().any(|(pk, _)| pk == k) {
                pairs.push((k.clone(), v.clone()));
            }
        }
        link.set_query(None);
        if !pairs.is_empty() {
            link.query_pairs_mut().extend_pairs(pairs);
        }
        Ok(link.to_string())
    }
}

/// The `rel="next"` target of one Link header value, if any.
pub(crate) fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim().replace(' ', "");
            p == "rel=\"next\"" || p == "rel=next"
        });
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        is_next.then(|| target.to_string())
    })
}

/// Whether a listed record's `got` is what a filter `wanted` (no filter: anything).
/// Lists are kept to what was asked for: Webex itself filters, so for it nothing is
/// dropped, but a server that ignored a filter must not make this app act on records it
/// did not ask for. Compared ignoring case, as an id typed by a person may be.
pub(crate) fn asked_for(wanted: &Option<String>, got: &str) -> bool {
    wanted
        .as_deref()
        .is_none_or(|w| w.eq_ignore_ascii_case(got))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AccessToken;

    #[test]
    fn the_next_link_is_found_among_other_relations() {
        let h = r#"<https://webexapis.com/v1/x?cursor=1>; rel="first", <https://webexapis.com/v1/x?cursor=2>; rel="next""#;
        assert_eq!(
            next_link(h).as_deref(),
            Some("https://webexapis.com/v1/x?cursor=2")
        );
        assert_eq!(next_link(r#"<https://a/x>; rel="prev""#), None);
    }

    #[test]
    fn a_next_link_loses_max_null_gets_dropped_filters_back_and_must_stay_on_the_api() {
        let client = Client::new("https://webexapis.com/v1", AccessToken::new("t")).unwrap();
        let original = vec![
            ("spEnterpriseId".to_string(), "SP+acme".to_string()),
            ("status".to_string(), "provisioned".to_string()),
        ];
        let fixed = client
            .fix_next_link(
                "https://webexapis.com/v1/broadworks/subscribers?max=null&cursor=abc&status=provisioned",
                &original,
            )
            .unwrap();
        let url = url::Url::parse(&fixed).unwrap();
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert!(!pairs.iter().any(|(k, _)| k == "max"), "{fixed}");
        assert!(pairs.contains(&("cursor".into(), "abc".into())));
        assert!(pairs.contains(&("spEnterpriseId".into(), "SP+acme".into())));
        let err = client
            .fix_next_link("https://evil.example/v1/x?cursor=1", &original)
            .unwrap_err();
        assert!(matches!(err, WebexError::ForeignLink(_)));
    }
}
