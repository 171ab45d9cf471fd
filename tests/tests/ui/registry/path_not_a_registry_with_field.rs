// The path names no registry, and the variant shows a field: the one error is
// under the path; the exposure assertion reads the (failed) catalog and adds none.
#[derive(Clone, Copy, Debug)]
enum Code {
    Internal,
}

#[derive(Debug, thiserror::Error, apierror::ApiError)]
enum AccountError {
    #[error("database: {table}")]
    #[api(code = Code::Internal, message = "table {table} failed")]
    Db {
        #[api(field)]
        table: String,
    },
}

fn main() {
    let _ = Code::Internal;
}
