//! CodeArts Repo, "Deleting a Protected Branch": a 204 documented with a body.

use wiremock::ResponseTemplate;

use crate::support::Harness;

#[tokio::test]
async fn a_protected_branch_deletion_returns_its_status_when_one_comes() {
    let h = Harness::answering(ResponseTemplate::new(204)).await;
    let answer = h
        .client
        .delete_protected_branch(2112029050, "release-*")
        .send()
        .await
        .expect("a 204");
    assert_eq!(answer, None);
    let request = &h.requests().await[0];
    assert_eq!(request.method.as_str(), "DELETE");
    // `*` is percent-encoded, as form encoding writes it.
    assert_eq!(request.url.query(), Some("branch_name=release-%2A"));

    let h = Harness::answering_json(200, r#"{"status":"fail"}"#).await;
    let answer = h
        .client
        .delete_protected_branch(2112029050, "release-*")
        .send()
        .await
        .expect("decoded")
        .expect("a body");
    assert_eq!(answer.status, Some(codearts_client::DeletionStatus::Fail));
}
