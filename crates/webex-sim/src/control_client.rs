//! The one typed client of the simulator's `/sim` control API, shared by the engine
//! (the trainer's panel), `wxm` and the tests: it sends the control token and JSON.

use serde_json::Value;

/// A client of one simulator's control API.
#[derive(Debug, Clone)]
pub struct SimControl {
    url: String,
    token: String,
    http: reqwest::Client,
}

/// The control API could not be reached.
#[derive(Debug, thiserror::Error)]
#[error("the simulated tenant's control API did not answer: {0}")]
pub struct Unreachable(String);

impl SimControl {
    /// `url`: the control API's base, e.g. `http://127.0.0.1:4711/sim`.
    pub fn new(url: &str, token: &str) -> SimControl {
        SimControl {
            url: url.trim_end_matches('/').to_string(),
            token: token.to_string(),
            http: reqwest::Client::new(),
        }
    }

    /// `GET /sim{path}`: the status and the JSON answer (`Null` when there is none).
    pub async fn get(&self, path: &str) -> Result<(u16, Value), Unreachable> {
        self.send(self.http.get(self.at(path))).await
    }

    /// `POST /sim{path}` with a JSON body.
    pub async fn post(&self, path: &str, body: &Value) -> Result<(u16, Value), Unreachable> {
        self.send(self.http.post(self.at(path)).json(body)).await
    }

    /// `PUT /sim{path}` with a JSON body.
    pub async fn put(&self, path: &str, body: &Value) -> Result<(u16, Value), Unreachable> {
        self.send(self.http.put(self.at(path)).json(body)).await
    }

    /// A counter of `/sim/stats` (`subscribersCreated`, `prechecks`, `requests`); 0 when
    /// the simulator has not counted it yet.
    pub async fn counter(&self, name: &str) -> Result<u64, Unreachable> {
        Ok(self.get("stats").await?.1["counters"][name]
            .as_u64()
            .unwrap_or(0))
    }

    /// The user ids the simulator holds for an enterprise, sorted (twice if twice).
    pub async fn user_ids_of(&self, enterprise: &str) -> Result<Vec<String>, Unreachable> {
        let (_, state) = self.get("state").await?;
        let mut users: Vec<String> = state["subscribers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s["spEnterpriseId"] == enterprise)
            .filter_map(|s| s["userId"].as_str().map(String::from))
            .collect();
        users.sort();
        Ok(users)
    }

    fn at(&self, path: &str) -> String {
        format!("{}/{}", self.url, path.trim_start_matches('/'))
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<(u16, Value), Unreachable> {
        let response = request
            .header(crate::CONTROL_TOKEN_HEADER, &self.token)
            .send()
            .await
            .map_err(|e| Unreachable(e.without_url().to_string()))?;
        let status = response.status().as_u16();
        let value = response.json().await.unwrap_or(Value::Null);
        Ok((status, value))
    }
}
