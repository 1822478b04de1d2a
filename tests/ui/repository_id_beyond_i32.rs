//! `repository_id` is documented up to 2147483647, the largest i32; one more does not fit
//! the argument's type, so that boundary is held by the compiler.

fn main() {
    let client = codearts_client::Client::builder()
        .region("cn-north-4")
        .auth_token("token")
        .build()
        .unwrap();
    let _request = client.download_archive(2147483648);
}
