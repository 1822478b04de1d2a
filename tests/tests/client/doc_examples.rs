//! The pages' example responses and requests, taken verbatim from the spec through
//! `codegen::load_ir`: each example response, served with its status, decodes as
//! documented. One test per example asserts its values; `every_documented_example_decodes`
//! walks every example of the spec, so an example added later is covered without a new test.

use codearts_client::{
    DevelopMode, IsOwner, RepositoryStatus, RepositoryVisibility, SecurityLevel, UserRole,
    VisibilityLevel,
};
use codegen::ir::Success;
use serde_json::Value;

use crate::support::{Harness, OPERATIONS, PROJECT_ID, api_error, call, ir, raw_query};

/// The body of the one example response of `operation` with `status`.
fn example(operation: &str, status: u16) -> &'static str {
    let operation = ir()
        .operations
        .iter()
        .find(|o| o.name == operation)
        .unwrap_or_else(|| panic!("no operation `{operation}` in the spec"));
    let mut examples = operation
        .example_responses
        .iter()
        .filter(|e| e.status == status);
    let example = examples
        .next()
        .unwrap_or_else(|| panic!("{}: no example for {status}", operation.name));
    assert!(examples.next().is_none(), "two examples for {status}");
    &example.body
}

#[test]
fn operations_match_the_spec() {
    let names: Vec<&str> = ir().operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, OPERATIONS);
}

#[tokio::test]
async fn list_project_repositories_example() {
    let h = Harness::answering_json(200, example("list_project_repositories", 200)).await;
    let repositories = h
        .client
        .list_project_repositories(PROJECT_ID)
        .send()
        .await
        .unwrap();
    let [repository] = repositories.as_slice() else {
        panic!("expected one repository, got {repositories:?}")
    };
    assert_eq!(repository.id, Some(2112041493));
    assert_eq!(repository.name.as_deref(), Some("test3"));
    assert_eq!(
        repository.namespace.as_deref(),
        Some("3e1f6634946144c2b1ccb46fb8152b8f/test3")
    );
    assert_eq!(repository.path.as_deref(), Some("test3"));
    assert_eq!(repository.develop_mode, Some(DevelopMode::Normal));
    assert_eq!(repository.visibility, Some(RepositoryVisibility::Private));
    // The page lists product_internal and tenant_internal, yet its example says internal
    // (quirk `security-value-outside-enum`): kept, not a decode failure.
    assert_eq!(
        repository.security,
        Some(SecurityLevel::Unknown("internal".to_owned()))
    );
    assert_eq!(
        repository.name_with_namespace.as_deref(),
        Some("3e1f6634946144c2b1ccb46fb8152b8f / test3")
    );
    assert_eq!(repository.archived, Some(false));
    assert_eq!(repository.status.as_deref(), Some("0"));
}

#[tokio::test]
async fn show_repository_by_uuid_example() {
    let h = Harness::answering_json(200, example("show_repository_by_uuid", 200)).await;
    let info = h
        .client
        .show_repository_by_uuid("045ceabb9aea40579d5a759e84fa7f0a")
        .send()
        .await
        .unwrap();
    assert_eq!(
        info.repository_uuid.as_deref(),
        Some("045ceabb9aea40579d5a759e84fa7f0a")
    );
    assert_eq!(info.repository_id, Some(468485));
    assert_eq!(
        info.repository_name.as_deref(),
        Some("CreatRepository_MI9Af")
    );
    assert_eq!(
        info.ssh_url.as_deref(),
        Some("git@repo.alpha.devcloud.intest.com:Demo00228/CreatRepository_MI9Af.git")
    );
    assert_eq!(
        info.https_url.as_deref(),
        Some("https://repo.alpha.devcloud.intest.com/Demo00228/CreatRepository_MI9Af.git")
    );
    assert_eq!(info.group_name.as_deref(), Some("Demo00228"));
    assert_eq!(
        info.web_url.as_deref(),
        Some("https://alpha.devcloud.intest.com/repo/468485/home")
    );
    assert_eq!(info.visibility_level, Some(VisibilityLevel::Private));
    assert_eq!(info.created_at.as_deref(), Some("2019-10-15 09:40:27"));
    assert_eq!(
        info.project_uuid.as_deref(),
        Some("4838955a48e2492bbe44b31bc4c272f6")
    );
    assert_eq!(info.project_is_deleted.as_deref(), Some("false"));
    // The example's nulls (quirk `repo-info-nulls`).
    for (field, value) in [
        ("updated_at", &info.updated_at),
        ("repository_size", &info.repository_size),
        ("lfs_size", &info.lfs_size),
        ("creator_name", &info.creator_name),
        ("domain_name", &info.domain_name),
        ("iam_user_uuid", &info.iam_user_uuid),
    ] {
        assert_eq!(value, &None, "{field}");
    }
    assert_eq!(info.star, None);
    assert_eq!(info.status, None);
    assert_eq!(info.is_owner, None);
    assert_eq!(info.user_role, None);
}

/// The show-repository example with `result` changed by `edit`, decoded.
async fn edited_repository_info(edit: impl FnOnce(&mut Value)) -> codearts_client::RepoInfoV2 {
    let mut body: Value = serde_json::from_str(example("show_repository_by_uuid", 200)).unwrap();
    edit(&mut body["result"]);
    let h = Harness::answering_json(200, &body.to_string()).await;
    h.client
        .show_repository_by_uuid("045ceabb9aea40579d5a759e84fa7f0a")
        .send()
        .await
        .unwrap()
}

/// Every response field is optional: an empty object decodes to a model with every field
/// `None`, through serde's own handling of a missing `Option` and through the
/// `deserialize_with` of `GitCodeRepository.id` alike.
#[test]
fn empty_objects_decode_to_empty_models() {
    let repository: codearts_client::GitCodeRepository = serde_json::from_str("{}").unwrap();
    assert_eq!(repository, Default::default());
    let info: codearts_client::RepoInfoV2 = serde_json::from_str("{}").unwrap();
    assert_eq!(info, Default::default());
}

#[tokio::test]
async fn user_role_absent_or_camel_case() {
    let info = edited_repository_info(|result| {
        result.as_object_mut().unwrap().remove("userRole").unwrap();
    })
    .await;
    assert_eq!(info.user_role, None);
    // The wire name is camelCase (quirk `user-role-camel-case`); a snake_case key is not it.
    let info = edited_repository_info(|result| {
        result["userRole"] = 40.into();
        result["user_role"] = 20.into();
    })
    .await;
    assert_eq!(info.user_role, Some(UserRole::Administrator));
}

#[tokio::test]
async fn repository_integer_codes_decode_to_their_variants() {
    let info = edited_repository_info(|result| {
        result["visibility_level"] = 20.into();
        result["status"] = 3.into();
        result["is_owner"] = 1.into();
        result["userRole"] = 30.into();
    })
    .await;
    assert_eq!(info.visibility_level, Some(VisibilityLevel::Public));
    assert_eq!(info.status, Some(RepositoryStatus::Frozen));
    assert_eq!(info.is_owner, Some(IsOwner::Yes));
    assert_eq!(info.user_role, Some(UserRole::CommonMember));
    // Codes the page does not list are kept.
    let info = edited_repository_info(|result| {
        result["visibility_level"] = 10.into();
        result["status"] = 9.into();
        result["is_owner"] = 0.into();
        result["userRole"] = 25.into();
    })
    .await;
    assert_eq!(info.visibility_level, Some(VisibilityLevel::Unknown(10)));
    assert_eq!(info.status, Some(RepositoryStatus::Unknown(9)));
    assert_eq!(info.is_owner, Some(IsOwner::No));
    assert_eq!(info.user_role, Some(UserRole::Unknown(25)));
}

#[tokio::test]
async fn list_files_by_query_example() {
    let h = Harness::answering_json(200, example("list_files_by_query", 200)).await;
    let file = h
        .client
        .list_files_by_query(859341, "README.md", "master")
        .send()
        .await
        .unwrap();
    assert_eq!(file.file_name.as_deref(), Some("README.md"));
    assert_eq!(file.file_path.as_deref(), Some("README.md"));
    assert_eq!(file.size, Some(9));
    assert_eq!(file.encoding.as_deref(), Some("base64"));
    assert_eq!(file.git_ref.as_deref(), Some("master"));
    assert_eq!(file.content.as_deref(), Some("NDU0NTQ1NDQ1"));
    assert_eq!(
        file.content_sha256.as_deref(),
        Some("e16f4f6c41a79d120484774a625bea8a3c3dcb655aa7c7e793ac48639dc63944")
    );
    assert_eq!(
        file.blob_id.as_deref(),
        Some("3325fa3142fd66fedc8c3a5218b417f561e0ea2f")
    );
    assert_eq!(
        file.commit_id.as_deref(),
        Some("a772945ec2765e322cc83e0f467f394effa22cf3")
    );
    assert_eq!(
        file.last_commit_id.as_deref(),
        Some("a772945ec2765e322cc83e0f467f394effa22cf3")
    );
    // Decoding checks the bytes against size, content_sha256 and blob_id, all of which the
    // example gets right.
    assert_eq!(file.decode_content(), Ok(b"454545445".to_vec()));
}

#[tokio::test]
async fn list_git_code_repositories_example() {
    let h = Harness::answering_json(200, example("list_git_code_repositories", 200)).await;
    let repositories = h
        .client
        .list_git_code_repositories("0a1b2c3d")
        .send()
        .await
        .unwrap();
    let [repository] = repositories.as_slice() else {
        panic!("expected one repository, got {repositories:?}")
    };
    // Typed String on the page, sent as an integer in its example (quirk
    // `gitcode-id-integer-in-example`).
    assert_eq!(repository.id.as_deref(), Some("4267732"));
    assert_eq!(repository.uuid, None);
    assert_eq!(repository.name.as_deref(), Some("CodeArtsBuild"));
    assert_eq!(
        repository.http_url.as_deref(),
        Some("https://gitcode.com/chopinwang/CodeArtsBuild")
    );
    assert_eq!(
        repository.git_url.as_deref(),
        Some("https://gitcode.com/chopinwang/CodeArtsBuild.git")
    );
}

#[tokio::test]
async fn download_archive_error_examples() {
    let documented = [
        (401, "DEV.00000003", "Authentication information expired."),
        (
            403,
            "CH.004403",
            "Insufficient permissions. Apply for the required permissions and try again.",
        ),
    ];
    for (status, code, message) in documented {
        let h = Harness::answering_json(status, example("download_archive", status)).await;
        let error = api_error(h.client.download_archive(2112029050).send().await);
        assert_eq!(error.operation, "download_archive");
        assert_eq!(error.status, status);
        assert_eq!(error.error_code.as_deref(), Some(code));
        assert_eq!(error.error_msg.as_deref(), Some(message));
        assert!(error.documented, "{status} is documented");
        assert_eq!(error.request_id, None);
    }
}

#[tokio::test]
async fn every_documented_example_decodes() {
    let mut checked = 0;
    for operation in &ir().operations {
        for example in &operation.example_responses {
            let context = format!(
                "{} example {} ({})",
                operation.name, example.status, example.title
            );
            let h = Harness::answering_json(example.status, &example.body).await;
            let result = call(&h.client, &operation.name).await;
            if (200..300).contains(&example.status) {
                let decoded = result.unwrap_or_else(|e| panic!("{context}: {e:?}"));
                let expected = match &operation.success {
                    Success::Binary => serde_json::to_value(example.body.as_bytes()).unwrap(),
                    Success::Json(_) => parse(&example.body, &context),
                    Success::Envelope(_) => parse(&example.body, &context)["result"].clone(),
                    Success::None => panic!("{context}: no check for bodiless successes yet"),
                };
                assert_same_data(&decoded, &expected, &context);
            } else {
                let documented = parse(&example.body, &context);
                let error = api_error(result);
                assert_eq!(error.status, example.status, "{context}");
                assert!(error.documented, "{context}: the status is documented");
                assert_eq!(
                    error.error_code.as_deref(),
                    documented["error_code"].as_str(),
                    "{context}"
                );
                assert_eq!(
                    error.error_msg.as_deref(),
                    documented["error_msg"].as_str(),
                    "{context}"
                );
            }
            assert_eq!(h.requests().await.len(), 1, "{context}");
            checked += 1;
        }
    }
    // The five pages have six examples between them; the spec may gain more.
    assert!(checked >= 6, "only {checked} examples");
}

fn parse(body: &str, context: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{context}: not JSON: {e}"))
}

/// Asserts that `decoded` (a decoded value, serialized back) holds exactly the data of the
/// documented JSON `expected`: no field is lost or invented. A documented `null` is an absent
/// field, and a documented integer may be kept as its decimal text (fields such as
/// `GitCodeRepository.id` accept both).
fn assert_same_data(decoded: &Value, expected: &Value, at: &str) {
    match (decoded, expected) {
        (Value::Object(decoded), Value::Object(expected)) => {
            for (key, value) in expected {
                match decoded.get(key) {
                    None => assert!(value.is_null(), "{at}.{key}: {value} was not decoded"),
                    Some(decoded) => assert_same_data(decoded, value, &format!("{at}.{key}")),
                }
            }
            for key in decoded.keys() {
                assert!(
                    expected.contains_key(key),
                    "{at}.{key}: decoded but not in the example"
                );
            }
        }
        (Value::Array(decoded), Value::Array(expected)) => {
            assert_eq!(decoded.len(), expected.len(), "{at}: length");
            for (i, (decoded, expected)) in decoded.iter().zip(expected).enumerate() {
                assert_same_data(decoded, expected, &format!("{at}[{i}]"));
            }
        }
        (Value::String(text), Value::Number(number)) if number.is_i64() || number.is_u64() => {
            assert_eq!(text, &number.to_string(), "{at}")
        }
        _ => assert_eq!(decoded, expected, "{at}"),
    }
}

#[tokio::test]
async fn documented_example_requests_match_the_wire() {
    let mut checked = 0;
    for operation in &ir().operations {
        let Some(example) = &operation.example_request else {
            continue;
        };
        let (method, url) = example.split_once(' ').expect("METHOD URL");
        let target = url
            .strip_prefix("https://{endpoint}")
            .expect("the example's host is {endpoint}");
        let (path, query) = target.split_once('?').unwrap_or((target, ""));

        let h = Harness::start().await;
        call(&h.client, &operation.name)
            .await
            .unwrap_or_else(|e| panic!("{}: {e:?}", operation.name));
        let request = h.only_request().await;
        assert_eq!(request.method.as_str(), method, "{example}");
        // `{name}` in the example stands for any value of that parameter.
        let sent: Vec<&str> = request.url.path().split('/').collect();
        let documented: Vec<&str> = path.split('/').collect();
        assert_eq!(sent.len(), documented.len(), "{example}");
        for (sent, documented) in sent.iter().zip(&documented) {
            if !documented.starts_with('{') {
                assert_eq!(sent, documented, "{example}");
            }
        }
        // A documented `name=value` is sent as it stands; a bare value (the file example's
        // `?README.md`) is sent as the value of a named parameter.
        let sent = raw_query(&request);
        for piece in query.split('&').filter(|p| !p.is_empty()) {
            let found = if piece.contains('=') {
                sent.iter().any(|s| s == piece)
            } else {
                sent.iter()
                    .any(|s| s.split_once('=').is_some_and(|(_, v)| v == piece))
            };
            assert!(found, "{example}: `{piece}` not in {sent:?}");
        }
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} example requests");
}

#[tokio::test]
async fn the_file_example_request_is_sent_with_a_named_file_path() {
    assert_eq!(
        ir().operations
            .iter()
            .find(|o| o.name == "list_files_by_query")
            .unwrap()
            .example_request
            .as_deref(),
        Some("GET https://{endpoint}/v2/projects/859341/repository/files?README.md&ref=master")
    );
    let h = Harness::start().await;
    h.client
        .list_files_by_query(859341, "README.md", "master")
        .send()
        .await
        .unwrap();
    let request = h.only_request().await;
    assert_eq!(request.url.path(), "/v2/projects/859341/repository/files");
    assert_eq!(raw_query(&request), ["file_path=README.md", "ref=master"]);
}
