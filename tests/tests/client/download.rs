//! Saving archives to disk: streamed through a temporary file and renamed into place only
//! when whole, with progress events; nothing left behind and nothing overwritten when the
//! body is cut short or stalls; the server's file name made safe; I/O failures as
//! `Error::Io` with the path; and reading into memory only up to a limit.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::Duration;

use codearts_client::{Client, Error, Progress, RetryPolicy, TimeLimit, Waiting};
use futures_util::StreamExt;
use wiremock::ResponseTemplate;

use crate::support::{
    Harness, InTurn, Raw, RawServer, client_builder, download_operation, shortened, start_download,
    zip_head,
};

/// The names in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `names`, sorted as [`entries`] lists them.
fn sorted(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = names.into_iter().collect();
    names.sort();
    names
}

/// The name `save_into_dir` gives a zip archive when the server names none: the
/// operation's.
fn fallback_name() -> String {
    format!("{}.zip", download_operation())
}

/// A body of `len` bytes that is not the same byte over and over, so that a misplaced
/// chunk shows.
fn archive(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

fn zip(body: Vec<u8>, disposition: Option<&str>) -> ResponseTemplate {
    let response = ResponseTemplate::new(200).set_body_raw(body, "application/zip");
    match disposition {
        Some(value) => response.insert_header("Content-Disposition", value),
        None => response,
    }
}

#[tokio::test]
async fn a_large_archive_is_streamed_to_disk_with_progress() {
    let body = archive(2 * 1024 * 1024 + 12_345);
    let h = Harness::answering(zip(body.clone(), None)).await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("repo.zip");

    let mut events: Vec<Progress> = Vec::new();
    let download = start_download(&h.client).await.unwrap();
    assert_eq!(download.content_length(), Some(body.len() as u64));
    let saved = download
        .save_to_with_progress(&target, |progress| events.push(progress))
        .await
        .unwrap();

    assert_eq!(saved.path, target);
    assert_eq!(saved.bytes, body.len() as u64);
    assert!(
        fs::read(&target).unwrap() == body,
        "the file holds the body"
    );
    assert_eq!(
        entries(dir.path()),
        ["repo.zip"],
        "no temporary file is left"
    );

    assert!(
        events.len() > 1,
        "a 2 MiB body arrives in pieces: {events:?}"
    );
    assert!(
        events.windows(2).all(|pair| pair[0].bytes < pair[1].bytes),
        "progress only grows: {events:?}"
    );
    assert!(events.iter().all(|p| p.total == Some(body.len() as u64)));
    let last = events.last().unwrap();
    assert_eq!(Some(last.bytes), last.total);
}

#[tokio::test]
async fn save_to_replaces_an_existing_file_once_the_body_is_whole() {
    let h = Harness::answering(zip(b"new archive".to_vec(), None)).await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("repo.zip");
    fs::write(&target, "old archive").unwrap();
    let saved = start_download(&h.client)
        .await
        .unwrap()
        .save_to(&target)
        .await
        .unwrap();
    assert_eq!(saved.bytes, 11);
    assert_eq!(fs::read_to_string(&target).unwrap(), "new archive");
    assert_eq!(entries(dir.path()), ["repo.zip"]);
}

#[tokio::test]
async fn an_empty_archive_gets_one_progress_event() {
    let h = Harness::answering(zip(Vec::new(), None)).await;
    let dir = tempfile::tempdir().unwrap();
    let mut events = Vec::new();
    let saved = start_download(&h.client)
        .await
        .unwrap()
        .save_to_with_progress(dir.path().join("empty.zip"), |p| events.push(p))
        .await
        .unwrap();
    assert_eq!(saved.bytes, 0);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!((events[0].bytes, events[0].total), (0, Some(0)));
    assert_eq!(fs::read(&saved.path).unwrap(), b"");
}

/// A server that announces 100 000 bytes, sends 40 000 and closes the connection.
async fn truncating_server() -> RawServer {
    RawServer::start(vec![zip_head(100_000), Raw::Send(archive(40_000))]).await
}

fn expect_transport(result: Result<impl std::fmt::Debug, Error>) -> Error {
    match result {
        Err(error @ Error::Transport { .. }) => error,
        other => panic!("expected Error::Transport, got {}", shortened(&other)),
    }
}

#[tokio::test]
async fn a_truncated_body_leaves_no_file() {
    let server = truncating_server().await;
    let client = client_builder(&server.uri).build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("repo.zip");

    let mut events = Vec::new();
    let download = start_download(&client).await.unwrap();
    let error = expect_transport(
        download
            .save_to_with_progress(&target, |p| events.push(p))
            .await,
    );
    assert_eq!(error.operation(), Some(download_operation()));
    assert_eq!(
        error.to_string(),
        format!(
            "{}: the response body could not be read in full",
            download_operation()
        )
    );
    assert!(!target.exists(), "no partial file at the target");
    assert_eq!(
        entries(dir.path()),
        Vec::<String>::new(),
        "no temporary file either"
    );
    assert!(events.iter().all(|p| p.bytes <= 40_000), "{events:?}");
    assert_eq!(
        server.connections(),
        1,
        "a body already handed over is never fetched again"
    );
}

#[tokio::test]
async fn an_existing_file_is_untouched_when_the_download_fails() {
    let server = truncating_server().await;
    let client = client_builder(&server.uri).build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("repo.zip");
    fs::write(&target, "the previous archive").unwrap();

    let download = start_download(&client).await.unwrap();
    expect_transport(download.save_to(&target).await);
    assert_eq!(fs::read_to_string(&target).unwrap(), "the previous archive");
    assert_eq!(entries(dir.path()), ["repo.zip"]);

    // The same through save_into_dir, under the fallback name.
    let fallback = dir.path().join(fallback_name());
    fs::write(&fallback, "kept").unwrap();
    let download = start_download(&client).await.unwrap();
    expect_transport(download.save_into_dir(dir.path()).await);
    assert_eq!(fs::read_to_string(&fallback).unwrap(), "kept");
    assert_eq!(
        entries(dir.path()),
        sorted([fallback_name(), "repo.zip".into()])
    );
}

/// A server that sends the first 1,000 bytes of a 10,000-byte archive and then nothing for
/// 5 s, and a client with a read timeout of 200 ms.
async fn stalling_after_1_000_bytes() -> (RawServer, Client) {
    let server = RawServer::start(vec![
        zip_head(10_000),
        Raw::Send(archive(1_000)),
        Raw::Pause(Duration::from_secs(5)),
        Raw::Send(archive(9_000)),
    ])
    .await;
    let client = client_builder(&server.uri)
        .read_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    (server, client)
}

/// The download's body went silent for longer than the read timeout.
fn expect_read_timeout(error: &Error) {
    assert!(
        matches!(
            error,
            Error::Timeout {
                waiting: Waiting::Body,
                limit: TimeLimit::Read,
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "{}: timed out reading the response body",
            download_operation()
        )
    );
}

#[tokio::test]
async fn a_stalled_download_times_out_and_leaves_no_file() {
    let (_server, client) = stalling_after_1_000_bytes().await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("repo.zip");
    let download = start_download(&client).await.unwrap();
    expect_read_timeout(&download.save_to(&target).await.unwrap_err());
    assert_eq!(entries(dir.path()), Vec::<String>::new());
}

/// The read timeout counts the service's silence while the body is being read, not the
/// time the caller takes between `send` and reading.
#[tokio::test]
async fn a_caller_may_wait_before_reading_the_body() {
    let server = RawServer::start(vec![
        zip_head(1_000),
        Raw::Pause(Duration::from_millis(1_600)),
        Raw::Send(archive(1_000)),
    ])
    .await;
    let client = client_builder(&server.uri)
        .read_timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let download = start_download(&client).await.unwrap();
    // Longer than the read timeout, with no body yet; the body comes 100 ms into reading.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let body = download.bytes().await.unwrap();
    assert_eq!(body.as_ref(), archive(1_000));
}

/// The read timeout holds however the body is read: as a stream, which ends after the
/// timeout, or whole.
#[tokio::test]
async fn a_stalled_body_times_out_as_a_stream_and_whole() {
    let (_server, client) = stalling_after_1_000_bytes().await;

    let mut stream = start_download(&client).await.unwrap().bytes_stream();
    let mut received = 0;
    let error = loop {
        match stream.next().await {
            Some(Ok(chunk)) => received += chunk.len(),
            Some(Err(error)) => break error,
            None => panic!("the stream ended without the stalled bytes"),
        }
    };
    assert_eq!(received, 1_000, "what arrived before the stall");
    expect_read_timeout(&error);
    assert!(
        stream.next().await.is_none(),
        "the stream ends after its error"
    );

    let whole = start_download(&client).await.unwrap().bytes().await;
    let error = whole.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    expect_read_timeout(&error);
}

#[tokio::test]
async fn a_save_dropped_part_way_leaves_no_file() {
    let server = RawServer::start(vec![
        zip_head(10_000),
        Raw::Send(archive(1_000)),
        Raw::Pause(Duration::from_secs(5)),
    ])
    .await;
    let client = client_builder(&server.uri).build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let download = start_download(&client).await.unwrap();
    let save = download.save_to(dir.path().join("repo.zip"));
    let cancelled = tokio::time::timeout(Duration::from_millis(200), save).await;
    assert!(
        cancelled.is_err(),
        "the save was still waiting for the body"
    );
    assert_eq!(entries(dir.path()), Vec::<String>::new());
}

#[tokio::test]
async fn a_slow_but_steady_download_outlives_the_overall_timeout() {
    // Ten pieces 60 ms apart: 600 ms in all, twice the overall timeout, which applies to
    // JSON calls only; no silence comes near the read timeout.
    let mut script = vec![zip_head(10 * 1_000)];
    for _ in 0..10 {
        script.push(Raw::Pause(Duration::from_millis(60)));
        script.push(Raw::Send(archive(1_000)));
    }
    let server = RawServer::start(script).await;
    let client = client_builder(&server.uri)
        .timeout(Duration::from_millis(300))
        .read_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let saved = start_download(&client)
        .await
        .unwrap()
        .save_to(dir.path().join("slow.zip"))
        .await
        .unwrap();
    assert_eq!(saved.bytes, 10_000);
}

#[tokio::test]
async fn save_into_dir_uses_the_sanitized_server_name() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("downloads");
    fs::create_dir(&inner).unwrap();
    let fallback = fallback_name();
    let cases = [
        ("attachment; filename=\"../../escaped.zip\"", "escaped.zip"),
        ("attachment; filename*=UTF-8''..%2F..%2F.bashrc", "bashrc"),
        (
            "attachment; filename=\"C:\\\\Windows\\\\evil.exe\"",
            "evil.exe",
        ),
        ("attachment; filename=\"..\"", fallback.as_str()),
        (
            "attachment; filename*=UTF-8''%E4%BB%93%E5%BA%93.zip",
            "仓库.zip",
        ),
    ];
    for (disposition, expected) in cases {
        let h = Harness::answering(zip(b"PK".to_vec(), Some(disposition))).await;
        let saved = start_download(&h.client)
            .await
            .unwrap()
            .save_into_dir(&inner)
            .await
            .unwrap();
        assert_eq!(saved.path, inner.join(expected), "{disposition}");
        assert_eq!(fs::read(&saved.path).unwrap(), b"PK");
    }
    assert_eq!(
        entries(dir.path()),
        ["downloads"],
        "nothing escaped the directory"
    );
    assert_eq!(
        entries(&inner),
        sorted(cases.map(|(_, expected)| expected.to_owned()))
    );
}

#[tokio::test]
async fn save_into_dir_never_replaces_a_file() {
    let h = Harness::answering(zip(b"PK".to_vec(), Some("attachment; filename=notes.txt"))).await;
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("notes.txt");
    fs::write(&existing, "mine").unwrap();
    let mut events = Vec::new();
    let result = start_download(&h.client)
        .await
        .unwrap()
        .save_into_dir_with_progress(dir.path(), |p| events.push(p))
        .await;
    let Err(Error::Io { path, source, .. }) = &result else {
        panic!("expected Error::Io, got {result:?}")
    };
    assert_eq!((path, source.kind()), (&existing, ErrorKind::AlreadyExists));
    assert_eq!(fs::read_to_string(&existing).unwrap(), "mine");
    assert_eq!(entries(dir.path()), ["notes.txt"]);
    assert_eq!(events.last().map(|p| p.bytes), Some(2));
}

#[tokio::test]
async fn saving_into_a_missing_directory_is_an_io_error_with_the_path() {
    let h = Harness::start().await;
    let dir = tempfile::tempdir().unwrap();
    let target: PathBuf = dir.path().join("no-such-dir").join("repo.zip");
    let error = start_download(&h.client)
        .await
        .unwrap()
        .save_to(&target)
        .await
        .unwrap_err();
    let Error::Io {
        operation,
        path,
        source,
    } = &error
    else {
        panic!("expected Error::Io, got {error:?}")
    };
    assert_eq!(*operation, download_operation());
    assert_eq!(path, &target);
    assert_eq!(source.kind(), ErrorKind::NotFound);
    assert_eq!(
        error.to_string(),
        format!(
            "{}: cannot save the download to {target:?}: the directory does not exist",
            download_operation()
        )
    );
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(entries(dir.path()), Vec::<String>::new());

    // A directory where the file should go is no better.
    let error = start_download(&h.client)
        .await
        .unwrap()
        .save_to(dir.path())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Io { path, .. } if path == dir.path()),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_download_is_retried_only_before_it_is_handed_over() {
    let responder = InTurn::new(vec![
        ResponseTemplate::new(503),
        zip(b"PK after a retry".to_vec(), None),
    ]);
    let arrivals = responder.arrivals();
    let h = Harness::serving(responder, |builder| builder).await;
    let dir = tempfile::tempdir().unwrap();
    let saved = start_download(&h.client)
        .await
        .unwrap()
        .save_to(dir.path().join("r.zip"))
        .await
        .unwrap();
    assert_eq!(fs::read(saved.path).unwrap(), b"PK after a retry");
    assert_eq!(arrivals.lock().unwrap().len(), 2);

    // With retries off, the 503 is the answer.
    let responder = InTurn::new(vec![ResponseTemplate::new(503), zip(b"PK".to_vec(), None)]);
    let h = Harness::serving(responder, |builder| {
        builder.retry_policy(RetryPolicy::disabled())
    })
    .await;
    let error = start_download(&h.client).await.unwrap_err();
    assert!(
        matches!(&error, Error::Api(api) if api.status == 503),
        "{error:?}"
    );
}

#[tokio::test]
async fn reading_into_memory_stops_at_the_limit() {
    // Announced: refused before a byte of the body is read.
    let h = Harness::answering(zip(archive(10_000), None)).await;
    let download = start_download(&h.client).await.unwrap();
    let error = download.bytes_up_to(4_096).await.unwrap_err();
    let Error::TooLarge {
        limit,
        length,
        setting,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(
        (*limit, *length, *setting),
        (4_096, Some(10_000), "BinaryResponse::bytes_up_to")
    );
    // Unannounced (read to the end of the connection): refused once past the limit.
    let mut script = vec![Raw::Send(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nConnection: close\r\n\r\n".to_vec(),
    )];
    script.push(Raw::SendRepeated(vec![7; 1024], 64));
    let server = RawServer::start(script).await;
    let client = client_builder(&server.uri).build().unwrap();
    let download = start_download(&client).await.unwrap();
    let error = download.bytes_up_to(10_000).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::TooLarge {
                limit: 10_000,
                length: None,
                ..
            }
        ),
        "{error:?}"
    );
    // Within the limit, and by default.
    let h = Harness::answering(zip(archive(5_000), None)).await;
    let body = start_download(&h.client)
        .await
        .unwrap()
        .bytes_up_to(5_000)
        .await
        .unwrap();
    assert_eq!(body.as_ref(), archive(5_000).as_slice());
    let h = Harness::answering(zip(archive(5_000), None)).await;
    let body = start_download(&h.client)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(body.len(), 5_000);
}
