//! `ref` is a required query parameter of `list_files_by_query`: leaving it out is a
//! compile error, not a request the service rejects.

fn main() {
    let client = codearts_client::Client::builder()
        .region("cn-north-4")
        .auth_token("token")
        .build()
        .unwrap();
    let _request = client.list_files_by_query(1, "README.md");
}
