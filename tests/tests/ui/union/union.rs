use apierror::ApiError;

#[derive(ApiError)]
#[api(code = "bits", status = 400)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}
