//! Configuring a client: HTTPS only unless plain http is asked for, clear errors for bad
//! endpoints and settings, the documented defaults, the `User-Agent` on the wire, the
//! environment's proxy and `no_proxy`, and one client shared by many tasks.

use std::time::Duration;

use codearts_client::{Client, ClientBuilder, Error, RetryPolicy, Service, TimeLimit, Waiting};
use wiremock::ResponseTemplate;

use crate::support::{
    Harness, PROJECT_ID, Raw, RawServer, TOKEN, client_builder, header_values, json_response,
};

fn config_error(builder: ClientBuilder) -> String {
    match builder.build() {
        Err(Error::Config(message)) => message,
        other => panic!("expected Error::Config, got {other:?}"),
    }
}

#[tokio::test]
async fn plain_http_is_refused_unless_allowed() {
    let h = Harness::start().await;
    let uri = h.server.uri();
    assert!(uri.starts_with("http://127.0.0.1:"), "{uri}");
    let refused = Client::builder()
        .endpoint(Service::Repo, &uri)
        .endpoint(Service::Build, &uri)
        .auth_token(TOKEN);
    let message = config_error(refused.clone());
    for service in ["CodeArts Build (build)", "CodeArts Repo (repo)"] {
        assert!(
            message.contains(&format!(
                "endpoint of {service} uses plain http, which would send the token unencrypted: \
                 {uri:?} (use https, or call `ClientBuilder::allow_http(true)` for a local server)"
            )),
            "{message}"
        );
    }
    assert!(
        config_error(refused.clone().allow_http(false)).contains("uses plain http"),
        "the opt-in can be turned off again"
    );

    let client = refused.allow_http(true).build().unwrap();
    client
        .list_project_repositories(PROJECT_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(h.requests().await.len(), 1);
}

#[test]
fn https_endpoints_need_no_opt_in() {
    let client = Client::builder()
        .endpoint(Service::Repo, "https://repo.example.com/base")
        .region("cn-north-4")
        .auth_token(TOKEN)
        .build()
        .unwrap();
    assert_eq!(
        client.endpoint(Service::Repo).unwrap().as_str(),
        "https://repo.example.com/base"
    );
    assert_eq!(client.endpoint(Service::Build).unwrap().scheme(), "https");
}

#[test]
fn bad_urls_fail_the_build_with_every_problem() {
    let message = config_error(
        Client::builder()
            .auth_token(TOKEN)
            .endpoint(Service::Repo, "repo.example.com")
            .endpoint(Service::Build, "ftp://build.example.com"),
    );
    assert_eq!(
        message,
        "endpoint of CodeArts Build (build) must use https, not \"ftp\": \
         \"ftp://build.example.com\"; endpoint of CodeArts Repo (repo) is not a valid URL: \
         \"repo.example.com\": relative URL without a base"
    );
    let error = Client::builder()
        .auth_token(TOKEN)
        .region("cn-north-4")
        .endpoint(Service::Repo, "https://user:s3cret@repo.example.com")
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid client configuration: endpoint of CodeArts Repo (repo) must not contain a \
         user name or password: \"https://<redacted>@repo.example.com\""
    );
    assert!(!format!("{error:?}").contains("s3cret"));
    for (url, problem) in [
        (
            "https://repo.example.com/?x=1",
            "must not have a query or fragment",
        ),
        (
            "https://repo.example.com/#x",
            "must not have a query or fragment",
        ),
        ("https://", "is not a valid URL"),
        ("", "is not a valid URL"),
    ] {
        let message = config_error(
            Client::builder()
                .auth_token(TOKEN)
                .region("cn-north-4")
                .endpoint(Service::Repo, url),
        );
        assert!(message.contains(problem), "{url:?}: {message}");
    }
}

#[test]
fn bad_settings_fail_the_build() {
    let message = config_error(
        Client::builder()
            .auth_token(TOKEN)
            .region("cn-north-4")
            .timeout(Duration::ZERO)
            .retry_policy(
                RetryPolicy::default()
                    .with_max_attempts(0)
                    .with_call_timeout(Duration::ZERO),
            )
            .app_name("two words"),
    );
    assert!(
        message.contains("`ClientBuilder::timeout` is zero"),
        "{message}"
    );
    assert!(
        message.contains("the retry policy allows 0 attempts"),
        "{message}"
    );
    assert!(message.contains("the app name \"two words\""), "{message}");
    assert!(
        message.contains("the retry policy's call timeout is zero"),
        "{message}"
    );
}

#[test]
fn defaults() {
    assert_eq!(
        ClientBuilder::DEFAULT_CONNECT_TIMEOUT,
        Duration::from_secs(10)
    );
    assert_eq!(ClientBuilder::DEFAULT_TIMEOUT, Duration::from_secs(60));
    assert_eq!(ClientBuilder::DEFAULT_READ_TIMEOUT, Duration::from_secs(30));
    assert_eq!(ClientBuilder::DEFAULT_MAX_BODY_SIZE, 16 * 1024 * 1024);

    let policy = RetryPolicy::default();
    assert_eq!(policy.max_attempts(), 3);
    assert_eq!(policy.initial_backoff(), Duration::from_millis(500));
    assert_eq!(policy.max_backoff(), Duration::from_secs(20));
    assert_eq!(policy.max_retry_after(), Duration::from_secs(30));
    assert_eq!(policy.call_timeout(), Duration::from_secs(120));
    assert_eq!(RetryPolicy::disabled().max_attempts(), 1);

    let client = Client::builder()
        .region("cn-north-4")
        .auth_token(TOKEN)
        .build()
        .unwrap();
    assert_eq!(client.retry_policy(), &RetryPolicy::default());
    assert!(client.checks_enabled());
    let debug = format!("{client:?}");
    assert!(debug.contains(" timeout: 60s"), "{debug}");
    assert!(debug.contains("read_timeout: 30s"), "{debug}");
    assert!(debug.contains("max_body_size: 16777216"), "{debug}");
    assert!(!debug.contains(TOKEN), "{debug}");
}

#[tokio::test]
async fn the_default_body_limit_applies() {
    // One byte over 16 MiB, announced: refused before it is read.
    let body = vec![b' '; ClientBuilder::DEFAULT_MAX_BODY_SIZE + 1];
    let h =
        Harness::answering(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let error = h
        .client
        .list_project_repositories(PROJECT_ID)
        .send()
        .await
        .unwrap_err();
    let Error::TooLarge { limit, length, .. } = &error else {
        panic!("expected Error::TooLarge, got {error:?}")
    };
    assert_eq!((*limit, *length), (16_777_216, Some(16_777_217)));
    assert_eq!(
        error.to_string(),
        "list_project_repositories: the response body of 16777217 bytes is larger than the \
         limit of 16777216 bytes (`ClientBuilder::max_body_size`)"
    );
}

#[tokio::test]
async fn user_agent_on_the_wire() {
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        version, "0.1.0",
        "the tests crate shares the client's version"
    );

    let h = Harness::start().await;
    let request = h
        .expect_sent(h.client.list_project_repositories(PROJECT_ID).send())
        .await;
    assert_eq!(
        header_values(&request, "user-agent"),
        ["codearts-client/0.1.0"]
    );

    let h = Harness::start_with(|builder| builder.app_name("release-bot/1.4")).await;
    let request = h.expect_sent(h.client.download_archive(1).send()).await;
    assert_eq!(
        header_values(&request, "user-agent"),
        ["codearts-client/0.1.0 release-bot/1.4"]
    );
}

#[tokio::test]
async fn a_custom_http_client_still_gets_the_user_agent() {
    let h = Harness::start_with(|builder| {
        builder
            .http_client(reqwest::Client::new())
            .app_name("custom/1")
    })
    .await;
    let request = h
        .expect_sent(h.client.list_project_repositories(PROJECT_ID).send())
        .await;
    assert_eq!(
        header_values(&request, "user-agent"),
        ["codearts-client/0.1.0 custom/1"]
    );
}

/// The overall and read timeouts are the client's own, so a reqwest client without any
/// (as `reqwest::Client::new()` is) does not let a silent service hang a call.
#[tokio::test]
async fn a_custom_http_client_still_gets_the_timeouts() {
    let silent = RawServer::start(vec![Raw::Pause(Duration::from_secs(30))]).await;
    let client = |timeout, read_timeout| {
        client_builder(&silent.uri)
            .http_client(reqwest::Client::new())
            .timeout(timeout)
            .read_timeout(read_timeout)
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap()
    };
    let (short, long) = (Duration::from_millis(200), Duration::from_secs(20));
    for (client, limit) in [
        (client(short, long), TimeLimit::Overall),
        (client(long, short), TimeLimit::Read),
    ] {
        let started = std::time::Instant::now();
        let error = client
            .list_project_repositories(PROJECT_ID)
            .send()
            .await
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5), "{limit:?}");
        assert!(
            matches!(
                error,
                Error::Timeout { waiting: Waiting::Response, limit: actual, .. } if actual == limit
            ),
            "{limit:?}: {error:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_is_shared_by_many_tasks() {
    fn send_sync_clone<T: Send + Sync + Clone + 'static>(_: &T) {}

    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(json_response(200, "[]"))
        .mount(&server)
        .await;
    let client = client_builder(&server.uri()).build().unwrap();
    send_sync_clone(&client);

    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .list_project_repositories(PROJECT_ID)
                    .offset(i)
                    .send()
                    .await
            })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap().unwrap().is_empty());
    }
    let mut offsets: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter_map(|r| crate::support::query_value(r, "offset"))
        .collect();
    offsets.sort();
    assert_eq!(offsets, ["0", "1", "2", "3", "4", "5", "6", "7"]);
}

/// The environment variables that name a proxy, in the forms reqwest reads.
const PROXY_VARIABLES: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// Proxy variables belong to the whole process, so they are set for a child: this test
/// binary again, running only [`proxy_probe`], once with `no_proxy()` and once without.
#[tokio::test]
async fn the_environment_proxy_is_used_unless_refused() {
    let proxy = RawServer::start(vec![Raw::Send(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]"
            .to_vec(),
    )])
    .await;
    let service = Harness::answering_json(200, "[]").await;
    // The first call goes through the proxy, the second straight to the service.
    for (no_proxy, proxied_so_far) in [(false, 1), (true, 1)] {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap());
        child.args([
            "config::proxy_probe",
            "--exact",
            "--ignored",
            "--test-threads=1",
        ]);
        for name in PROXY_VARIABLES {
            child.env_remove(name);
        }
        child
            .env("HTTP_PROXY", &proxy.uri)
            .env("PROBE_SERVICE", service.server.uri())
            .env("PROBE_NO_PROXY", no_proxy.to_string());
        let output = tokio::task::spawn_blocking(move || child.output())
            .await
            .unwrap()
            .unwrap();
        assert!(
            output.status.success(),
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let proxied = proxy.log();
        assert_eq!(
            proxied.len(),
            proxied_so_far,
            "no_proxy {no_proxy}: {proxied:?}"
        );
        if let Some(connection) = proxied.first() {
            // A proxy is sent the whole URL, and with plain http the token too.
            assert!(
                connection.target.starts_with(&service.server.uri()),
                "{connection:?}"
            );
        }
    }
    assert_eq!(
        service.requests().await.len(),
        1,
        "only the no_proxy call went direct"
    );
}

#[tokio::test]
#[ignore = "run by `the_environment_proxy_is_used_unless_refused`, with the proxy variables set"]
async fn proxy_probe() {
    let service = std::env::var("PROBE_SERVICE").expect("run by the parent test");
    let mut builder = client_builder(&service);
    if std::env::var("PROBE_NO_PROXY").as_deref() == Ok("true") {
        builder = builder.no_proxy();
    }
    let client = builder.build().unwrap();
    client
        .list_project_repositories(PROJECT_ID)
        .send()
        .await
        .unwrap();
}
