//! What the About page says: the version and build (the same words as `wxm --version`),
//! the Webex API the app talks to, and the licences.

use serde::Serialize;
use ts_rs::TS;

/// The app's own licence (the workspace's).
pub const LICENCE: &str = "MIT";

/// The file of third-party licences shipped with the installers (a resource of the app
/// package; `cargo xtask bundle` gathers it).
pub const THIRD_PARTY_LICENCES_FILE: &str = "THIRD-PARTY-LICENSES.txt";

/// The About page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct About {
    /// "0.1.0".
    pub version: String,
    /// The git commit and its date ("1a2b3c4d5e6f, 2026-12-02"); empty when the program
    /// was built outside a git checkout.
    pub build: String,
    /// The Webex API base URL used when signed in to Webex.
    pub webex_api: String,
    /// The app's own licence.
    pub licence: String,
    /// Whether the third-party licences file came with this copy (installers have it;
    /// a build from source does not).
    pub third_party_licences: bool,
}

impl About {
    /// `version` and `build` as the front end's build script set them (`WXM_BUILD`).
    pub fn new(version: &str, build: &str, third_party_licences: bool) -> About {
        About {
            version: version.to_string(),
            build: build.to_string(),
            webex_api: webex::DEFAULT_BASE_URL.to_string(),
            licence: LICENCE.to_string(),
            third_party_licences,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_about_page_names_the_public_webex_api() {
        let about = About::new("0.1.0", "", false);
        assert_eq!(about.webex_api, "https://webexapis.com/v1");
        assert_eq!(about.licence, "MIT");
    }
}
