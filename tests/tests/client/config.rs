//! Configuring a client: HTTPS only unless plain http is asked for, clear errors for bad
//! endpoints and settings, the documented defaults, the `User-Agent` on the wire, the
//! environment's proxy and `no_proxy`, and one client shared by many tasks.

use std::time::Duration;

use codearts_client::{Client, ClientBuilder, Error, RetryPolicy, Service, TimeLimit, Waiting};
use wiremock::ResponseTemplate;

use crate::shapes;
use crate::support::{
    Harness, OPERATIONS, Raw, RawServer, TOKEN, call, client_builder, download_operation,
    header_values, json_operation,
};

/// How configuration errors name `service`: its title and key.
fn named(service: Service) -> String {
    format!("{} ({})", service.title(), service.name())
}

/// The first and the last service (one and the same when the spec has one).
fn first_and_last() -> (Service, Service) {
    (Service::ALL[0], Service::ALL[Service::ALL.len() - 1])
}

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
    let refused = Service::ALL
        .iter()
        .fold(Client::builder(), |builder, &service| {
            builder.endpoint(service, &uri)
        })
        .auth_token(TOKEN);
    let message = config_error(refused.clone());
    for service in Service::ALL.iter().map(|s| named(*s)) {
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
    call(&client, json_operation()).await.unwrap();
    assert_eq!(h.requests().await.len(), 1);
}

#[test]
fn https_endpoints_need_no_opt_in() {
    let (first, _) = first_and_last();
    let client = Client::builder()
        .endpoint(first, "https://repo.example.com/base")
        .region("cn-north-4")
        .auth_token(TOKEN)
        .build()
        .unwrap();
    assert_eq!(
        client.endpoint(first).unwrap().as_str(),
        "https://repo.example.com/base"
    );
    for &service in &Service::ALL[1..] {
        assert_eq!(client.endpoint(service).unwrap().scheme(), "https");
    }
}

#[test]
fn bad_urls_fail_the_build_with_every_problem() {
    let problems = |service: Service| match Service::ALL.iter().position(|s| *s == service) {
        Some(i) if i % 2 == 0 => (
            "repo.example.com",
            "is not a valid URL: \"repo.example.com\": relative URL without a base",
        ),
        _ => (
            "ftp://build.example.com",
            "must use https, not \"ftp\": \"ftp://build.example.com\"",
        ),
    };
    let message = config_error(
        Service::ALL
            .iter()
            .fold(Client::builder().auth_token(TOKEN), |builder, &service| {
                builder.endpoint(service, problems(service).0)
            }),
    );
    // Every problem, in the order of the services.
    let expected: Vec<String> = Service::ALL
        .iter()
        .map(|&service| format!("endpoint of {} {}", named(service), problems(service).1))
        .collect();
    assert_eq!(message, expected.join("; "));
    let (first, _) = first_and_last();
    let error = Client::builder()
        .auth_token(TOKEN)
        .region("cn-north-4")
        .endpoint(first, "https://user:s3cret@repo.example.com")
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "invalid client configuration: endpoint of {} must not contain a user name or \
             password: \"https://<redacted>@repo.example.com\"",
            named(first)
        )
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
                .endpoint(first, url),
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
    let operation = json_operation();
    let error = call(&h.client, operation).await.unwrap_err();
    let Error::TooLarge { limit, length, .. } = &error else {
        panic!("expected Error::TooLarge, got {error:?}")
    };
    assert_eq!((*limit, *length), (16_777_216, Some(16_777_217)));
    assert_eq!(
        error.to_string(),
        format!(
            "{operation}: the response body of 16777217 bytes is larger than the limit of \
             16777216 bytes (`ClientBuilder::max_body_size`)"
        )
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
    let request = h.expect_sent(call(&h.client, json_operation())).await;
    assert_eq!(
        header_values(&request, "user-agent"),
        ["codearts-client/0.1.0"]
    );

    let h = Harness::start_with(|builder| builder.app_name("release-bot/1.4")).await;
    let request = h.expect_sent(call(&h.client, download_operation())).await;
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
    let request = h.expect_sent(call(&h.client, json_operation())).await;
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
        let error = call(&client, json_operation()).await.unwrap_err();
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

    let h = Harness::start().await;
    send_sync_clone(&h.client);

    // Each task calls a different operation in turn, so that the requests tell apart.
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let client = h.client.clone();
            let operation = OPERATIONS[i % OPERATIONS.len()];
            tokio::spawn(async move { (operation, call(&client, operation).await) })
        })
        .collect();
    let mut called = Vec::new();
    for task in tasks {
        let (operation, result) = task.await.unwrap();
        result.unwrap_or_else(|error| panic!("{operation}: {error}"));
        called.push(shapes::sample_path(shapes::operation(operation)));
    }
    let mut received: Vec<String> = h
        .requests()
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    called.sort();
    received.sort();
    assert_eq!(received, called);
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
    let (body, content_type) = shapes::success_body(shapes::operation(json_operation()), b"");
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend(body);
    let proxy = RawServer::start(vec![Raw::Send(answer)]).await;
    let service = Harness::start().await;
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
    call(&client, json_operation()).await.unwrap();
}
