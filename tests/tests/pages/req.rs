//! CodeArts Req, "Creating a Work Item as a Fine-grained Permission User": numbers and
//! integer enums in a nested body, and a model both sent and read.

use serde_json::Value;

use crate::support::Harness;

/// A work item of the Req page with its required fields.
fn work_item() -> codearts_client::CreateSystemIssueRequestBody {
    use codearts_client::{Creator, WorkItemPriority, WorkItemTracker};
    codearts_client::CreateSystemIssueRequestBody::new(
        "Fix the login page",
        WorkItemPriority::High,
        WorkItemTracker::Bug,
        Creator::new("0f3a5c1e2b7d4f6a8c9e1b2d3f4a5c6e"),
    )
}

const PROJECT: &str = "6c5b5e3a8f4d4c2b9a1e7d6f5c4b3a2e";

/// Numbers JSON cannot write are refused before sending wherever they are, at the field's
/// path; the rest go out as JSON numbers, decimals kept.
#[tokio::test]
async fn numbers_in_a_body_are_finite_and_go_out_as_json_numbers() {
    use codearts_client::Constraint;
    let h = Harness::start().await;
    for (bad, constraint) in [
        (f64::NAN, Constraint::Finite),
        (f64::INFINITY, Constraint::Finite),
        (-0.5, Constraint::MinimumNumber(0.0)),
    ] {
        let body = work_item()
            .actual_work_hours(bad)
            .expected_work_hours(f64::NEG_INFINITY);
        let violations = h
            .expect_rejected(
                "create_system_issue_v4",
                h.client.create_system_issue_v4(PROJECT, body).send(),
            )
            .await;
        let found: Vec<(&str, &Constraint)> = violations
            .iter()
            .map(|v| (v.parameter.as_ref(), &v.constraint))
            .collect();
        assert_eq!(
            found,
            [
                ("body.actual_work_hours", &constraint),
                ("body.expected_work_hours", &Constraint::Finite),
            ],
            "{bad}"
        );
    }
    let body = work_item().actual_work_hours(0.0).expected_work_hours(2.5);
    let request = h
        .expect_sent(h.client.create_system_issue_v4(PROJECT, body).send())
        .await;
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON");
    assert_eq!(sent["actual_work_hours"], serde_json::json!(0.0));
    assert_eq!(sent["expected_work_hours"], serde_json::json!(2.5));
    assert_eq!(
        sent["priority_id"], 3,
        "an integer enum goes out as its number"
    );
    assert_eq!(sent["tracker_id"], 3);
    assert_eq!(
        sent["creator"]["user_id"],
        "0f3a5c1e2b7d4f6a8c9e1b2d3f4a5c6e"
    );
}

/// A response's numbers read back as `f64`, integers among them.
#[tokio::test]
async fn numbers_in_a_response_read_as_f64() {
    let h = Harness::answering_json(
        200,
        r#"{"id": 7, "actual_work_hours": 3, "expected_work_hours": 4.25, "tracker": {"id": 3, "name": "Bug"}}"#,
    )
    .await;
    let item = h
        .client
        .create_system_issue_v4(PROJECT, work_item())
        .send()
        .await
        .expect("decoded");
    assert_eq!(item.actual_work_hours, Some(3.0));
    assert_eq!(item.expected_work_hours, Some(4.25));
    assert_eq!(item.tracker.and_then(|t| t.name).as_deref(), Some("Bug"));
}

/// A model that is both sent and read: what an answer carries (fields missing included)
/// reads, and goes out again as it came.
#[tokio::test]
async fn a_model_read_from_an_answer_is_sent_again_as_it_came() {
    let answer = r#"{"id": 7, "new_custom_fields": [{"custom_field": "custom_field32", "value": "a,b"}, {}]}"#;
    let h = Harness::answering_json(200, answer).await;
    let item = h
        .client
        .create_system_issue_v4(PROJECT, work_item())
        .send()
        .await
        .expect("decoded");
    let fields = item.new_custom_fields.expect("read");
    assert_eq!(fields[0].custom_field.as_deref(), Some("custom_field32"));
    assert_eq!(fields[1], codearts_client::NewCustomField::new());
    let body = work_item().new_custom_fields(fields);
    h.client
        .create_system_issue_v4(PROJECT, body)
        .send()
        .await
        .expect("sent");
    let sent: Value = serde_json::from_slice(&h.requests().await[1].body).expect("JSON");
    assert_eq!(
        sent["new_custom_fields"],
        serde_json::json!([{"custom_field": "custom_field32", "value": "a,b"}, {}])
    );
}
