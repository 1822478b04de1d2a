//! CodeArts Pipeline: "Obtaining Pipeline Versions in Batches" (an array body out, a map
//! back) and the pipeline list, which pages through its body.

use codearts_client::ListPipelineQuery;
use serde_json::{Value, json};
use wiremock::{Request, ResponseTemplate};

use crate::support::Harness;

const PROJECT: &str = "6c5b5e3a8f4d4c2b9a1e7d6f5c4b3a2e";

/// A top-level array body goes out as a JSON array, and a map answer keeps every key.
#[tokio::test]
async fn an_array_body_out_and_a_map_back() {
    use codearts_client::PipelineIdVo;
    let (a, b) = (
        "4a5350af4b5041d4a7fdea16d6938eb0",
        "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e",
    );
    let answer = format!(
        r#"{{"{a}": {{"pipelineId": "{a}", "manifestVersion": "3.0"}}, "{b}": {{"pipelineId": "{b}", "manifestVersion": "2.0", "later": 1}}}}"#
    );
    let h = Harness::answering_json(200, &answer).await;
    let versions = h
        .client
        .query_pipelines_manifest_version(PROJECT)
        .body(vec![
            PipelineIdVo::new().pipeline_id(a),
            PipelineIdVo::new().pipeline_id(b),
        ])
        .send()
        .await
        .expect("decoded");
    let request = h.only_request().await;
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        format!(r#"[{{"pipeline_id":"{a}"}},{{"pipeline_id":"{b}"}}]"#)
    );
    let keys: Vec<&str> = versions.keys().map(String::as_str).collect();
    assert_eq!(keys, [b, a], "every pipeline, in key order");
    assert_eq!(versions[b].manifest_version.as_deref(), Some("2.0"));
    assert_eq!(versions[a].pipeline_id.as_deref(), Some(a));
    // An ID of the wrong length is refused at its place in the array.
    let violations = h
        .expect_rejected(
            "query_pipelines_manifest_version",
            h.client
                .query_pipelines_manifest_version(PROJECT)
                .body(vec![
                    PipelineIdVo::new().pipeline_id(a),
                    PipelineIdVo::new().pipeline_id("short"),
                ])
                .send(),
        )
        .await;
    let at: Vec<&str> = violations.iter().map(|v| v.parameter.as_ref()).collect();
    assert_eq!(
        at,
        ["body[1].pipeline_id", "body[1].pipeline_id"],
        "{violations:?}"
    );
}

/// The pipeline list walks its pages through the body: each page's request is the
/// caller's body with `offset` and `limit` set, the caller's filters kept.
#[tokio::test]
async fn the_pipeline_list_pages_through_its_body() {
    let h = Harness::serving(
        |request: &Request| {
            let body: Value = serde_json::from_slice(&request.body).expect("a JSON body");
            let offset = body["offset"].as_i64().expect("an offset");
            let ids: Vec<Value> = (offset..(offset + 2).min(3))
                .map(|i| json!({ "pipeline_id": format!("p{i}") }))
                .collect();
            ResponseTemplate::new(200).set_body_raw(
                json!({ "total": 3, "pipelines": ids }).to_string(),
                "application/json",
            )
        },
        |builder| builder,
    )
    .await;
    let query = ListPipelineQuery::new().name("release").limit(2);
    let all = h
        .client
        .list_pipelines(PROJECT)
        .body(query)
        .into_items()
        .try_collect_all()
        .await
        .expect("walked");
    let ids: Vec<&str> = all
        .iter()
        .filter_map(|p| p.pipeline_id.as_deref())
        .collect();
    assert_eq!(ids, ["p0", "p1", "p2"]);
    let sent: Vec<Value> = h
        .requests()
        .await
        .iter()
        .map(|r| serde_json::from_slice(&r.body).expect("JSON"))
        .collect();
    assert_eq!(
        sent,
        [
            json!({ "name": "release", "offset": 0, "limit": 2 }),
            json!({ "name": "release", "offset": 2, "limit": 2 }),
        ]
    );
    // Without a body, the walk makes one holding the paging alone.
    let h = Harness::answering_json(200, r#"{"pipelines": []}"#).await;
    let none = h
        .client
        .list_pipelines(PROJECT)
        .into_items()
        .try_collect_all()
        .await;
    assert!(none.expect("walked").is_empty());
    let request = h.only_request().await;
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON");
    assert_eq!(sent, json!({ "offset": 0, "limit": 10 }));
}
