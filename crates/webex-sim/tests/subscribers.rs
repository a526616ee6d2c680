//! The subscriber API against the simulator: listing over every page with filters,
//! enterprises, provisioning twice (10022), refused requests, updates, and provisioning
//! that finishes on its own.

mod support;

use support::*;
use webex::model::{PrecheckRequest, SubscriberStatus, SubscriberUpdate};
use webex::{EnterpriseFilter, Provisioned, SubscriberFilter};

#[tokio::test]
async fn listing_subscribers_follows_every_page_and_applies_the_filters() {
    let sim = sim().await;
    let client = client(&sim);
    let filter = SubscriberFilter {
        sp_enterprise_id: Some(GLOBEX.into()),
        ..SubscriberFilter::default()
    };
    // No max: the simulator's next links carry `max=null`, as Webex's sometimes do.
    let all = client.subscribers(&filter).await.unwrap();
    assert_eq!(
        all.len(),
        123,
        "120 provisioned + 3 pending, over three pages"
    );
    let mut ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 123, "no subscriber twice across pages");
    // Narrower filters, and a page size that changes nothing.
    let narrower = [
        (
            SubscriberFilter {
                max: Some(100),
                ..filter.clone()
            },
            123,
        ),
        (
            SubscriberFilter {
                status: vec![
                    SubscriberStatus::PendingEmailInput,
                    SubscriberStatus::PendingUserMigration,
                ],
                ..filter.clone()
            },
            3,
        ),
        (
            SubscriberFilter {
                provisioning_id: Some(UNTRUSTED.into()),
                ..filter.clone()
            },
            2,
        ),
    ];
    for (narrower, expected) in narrower {
        let found = client.subscribers(&narrower).await.unwrap();
        assert_eq!(found.len(), expected, "{narrower:?}");
    }
    let one = client
        .find_subscriber(GLOBEX, "globex-user-007")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(one.status, SubscriberStatus::Provisioned);
    assert!(one.person_id.is_some(), "personId once provisioned");
    assert_eq!(client.subscriber(&one.id).await.unwrap(), one);
    let by_person = client
        .subscribers(&SubscriberFilter {
            person_id: one.person_id.clone(),
            ..SubscriberFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(by_person, vec![one]);
    let too_big = client
        .subscribers(&SubscriberFilter {
            max: Some(101),
            ..SubscriberFilter::default()
        })
        .await
        .unwrap_err();
    assert_eq!(too_big.status(), Some(400));
}

#[tokio::test]
async fn enterprises_are_listed_once_they_have_a_webex_org() {
    let sim = sim().await;
    let client = client(&sim);
    let all = client
        .enterprises(&EnterpriseFilter::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].sp_enterprise_id, GLOBEX);
    assert_eq!(all[0].org_id.as_deref(), Some("sim-org-globex"));
    let none = client
        .enterprises(&EnterpriseFilter {
            starts_with: Some("Other".into()),
            ..EnterpriseFilter::default()
        })
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn a_second_provision_of_the_same_user_answers_10022_and_the_idempotent_call_counts_it_as_done(
) {
    let sim = sim().await;
    let client = client(&sim);
    let new = new_subscriber(
        GLOBEX,
        TRUSTED,
        "gus.globex@bw.demo-telecom.example",
        Some("gus@globex.example"),
    );
    let first = client.provision_subscriber_idempotent(&new).await.unwrap();
    assert!(matches!(first, Provisioned::Created(_)));
    let err = client.provision_subscriber(&new).await.unwrap_err();
    assert_eq!((err.status(), err.codes()), (Some(409), &[10022][..]));
    assert!(err.to_string().contains("10022"));
    let again = client.provision_subscriber_idempotent(&new).await.unwrap();
    assert_eq!(again, Provisioned::AlreadyDone(first.subscriber().clone()));
}

#[tokio::test]
async fn bad_provisioning_requests_get_webex_error_codes() {
    let sim = sim().await;
    let client = client(&sim);
    let no_email = new_subscriber(GLOBEX, TRUSTED, "x@bw", None);
    let err = client.provision_subscriber(&no_email).await.unwrap_err();
    assert_eq!((err.status(), err.codes()), (Some(400), &[1001][..]));
    let bad_template = new_subscriber(GLOBEX, "nope", "x@bw", Some("x@y.example"));
    assert_eq!(
        client
            .provision_subscriber(&bad_template)
            .await
            .unwrap_err()
            .status(),
        Some(400)
    );
    let empty = client
        .precheck_subscriber(&PrecheckRequest::default())
        .await
        .unwrap_err();
    assert_eq!((empty.status(), empty.codes()), (Some(400), &[1001][..]));
    let missing = client.subscriber("sim-sub-none").await.unwrap_err();
    assert_eq!(missing.status(), Some(404));
    assert!(missing.tracking_id().is_some_and(|t| t.starts_with("WXM_")));
}

#[tokio::test]
async fn an_update_goes_through_updating_then_shows_the_new_values() {
    let sim = sim().await;
    let client = client(&sim);
    let sub = client
        .find_subscriber(GLOBEX, "globex-user-001")
        .await
        .unwrap()
        .unwrap();
    let answer = client
        .update_subscriber(
            &sub.id,
            &SubscriberUpdate {
                first_name: Some("Renamed".into()),
                package: Some(webex::model::Package::Premium),
                ..SubscriberUpdate::default()
            },
        )
        .await
        .unwrap()
        .value;
    assert_eq!(answer.status, SubscriberStatus::Updating);
    assert_eq!(
        answer.first_name, sub.first_name,
        "the answer shows the old values"
    );
    let after = subscriber_after_work(&sim, &client, &sub.id).await;
    assert_eq!(after.status, SubscriberStatus::Provisioned);
    assert_eq!(after.first_name.as_deref(), Some("Renamed"));
    assert_eq!(after.package, Some(webex::model::Package::Premium));
    let clear_both = client
        .update_subscriber(
            &sub.id,
            &SubscriberUpdate {
                extension: Some(String::new()),
                ..SubscriberUpdate::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        clear_both.status(),
        Some(400),
        "a subscriber keeps a number or an extension"
    );
}

#[tokio::test]
async fn provisioning_finishes_after_a_short_real_wait_without_touching_the_clock() {
    let sim = sim_with(webex_sim::SimOptions {
        provisioning_secs: 0.05,
        ..webex_sim::SimOptions::default()
    })
    .await;
    let client = client(&sim);
    let sub = provision(
        &client,
        GLOBEX,
        TRUSTED,
        "gus.globex@bw.demo-telecom.example",
        Some("gus@globex.example"),
    )
    .await;
    let mut status = sub.status;
    for _ in 0..200 {
        if status == SubscriberStatus::Provisioned {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        status = status_of(&client, &sub.id).await;
    }
    assert_eq!(status, SubscriberStatus::Provisioned);
}
