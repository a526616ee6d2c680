//! Workspaces and detaching against the simulator: provisioned, updated and removed by id
//! (never listed), and a detach that leaves nothing behind.

mod support;

use support::*;
use webex::model::{SubscriberStatus, WorkspaceUpdate};
use webex::SubscriberFilter;

#[tokio::test]
async fn detaching_removes_workspaces_by_id_and_every_subscriber_and_leaves_nothing_behind() {
    let sim = sim().await;
    let client = client(&sim);
    for ws in ["sim-ws-globex-lobby", "sim-ws-globex-boardroom"] {
        client.remove_workspace(ws).await.unwrap();
    }
    let filter = SubscriberFilter {
        sp_enterprise_id: Some(GLOBEX.into()),
        ..SubscriberFilter::default()
    };
    let all = client.subscribers(&filter).await.unwrap();
    assert!(all
        .iter()
        .any(|s| s.status == SubscriberStatus::PendingEmailInput));
    for s in &all {
        client.remove_subscriber(&s.id).await.unwrap();
    }
    assert!(client.subscribers(&filter).await.unwrap().is_empty());
    for ws in ["sim-ws-globex-lobby", "sim-ws-globex-boardroom"] {
        assert_eq!(
            client.remove_workspace(ws).await.unwrap_err().status(),
            Some(404)
        );
        assert_eq!(
            client
                .update_workspace(ws, &WorkspaceUpdate::default())
                .await
                .unwrap_err()
                .status(),
            Some(404)
        );
    }
    let state = control_get(&sim, "state").await;
    assert!(state["workspaces"].as_array().unwrap().is_empty());
    assert!(state["subscribers"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn workspaces_can_be_provisioned_updated_and_removed_but_never_listed() {
    let sim = sim().await;
    let client = client(&sim);
    let new = webex::model::NewWorkspace {
        provisioning_id: TRUSTED.into(),
        user_id: "kitchen.globex@bw.demo-telecom.example".into(),
        sp_enterprise_id: GLOBEX.into(),
        display_name: "Kitchen phone".into(),
        primary_phone_number: None,
        extension: Some("699".into()),
    };
    let ws = client.provision_workspace(&new).await.unwrap().value;
    assert_eq!(ws.display_name.as_deref(), Some("Kitchen phone"));
    let dup = client.provision_workspace(&new).await.unwrap_err();
    assert_eq!((dup.status(), dup.codes()), (Some(409), &[10022][..]));
    let updated = client
        .update_workspace(
            &ws.id,
            &WorkspaceUpdate {
                extension: Some("698".into()),
                ..WorkspaceUpdate::default()
            },
        )
        .await
        .unwrap()
        .value;
    assert_eq!(updated.extension.as_deref(), Some("698"));
    client.remove_workspace(&ws.id).await.unwrap();
    // No enterprise org yet: a workspace needs an existing customer.
    let refused = client
        .provision_workspace(&webex::model::NewWorkspace {
            sp_enterprise_id: "DemoTelecom+acme".into(),
            ..new.clone()
        })
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(404));
    let list = reqwest::Client::new()
        .get(format!("{}/broadworks/workspaces", sim.base_url()))
        .bearer_auth(sim.demo_token())
        .send()
        .await
        .unwrap();
    assert_eq!(
        list.status().as_u16(),
        405,
        "the API has no workspace listing"
    );
}
