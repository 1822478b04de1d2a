//! `order_by` takes an `OrderBy`, so only documented sort fields can be sent.

fn main() {
    let client = codearts_client::Client::builder()
        .region("cn-north-4")
        .auth_token("token")
        .build()
        .unwrap();
    let _request = client
        .list_project_repositories("3e1f6634946144c2b1ccb46fb8152b8f")
        .order_by("name");
}
