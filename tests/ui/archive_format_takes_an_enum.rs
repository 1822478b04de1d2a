//! `archive_format` takes an `ArchiveFormat`, so a misspelt format cannot be sent.

fn main() {
    let client = codearts_client::Client::builder()
        .region("cn-north-4")
        .auth_token("token")
        .build()
        .unwrap();
    let _request = client.download_archive(1).archive_format("zip");
}
