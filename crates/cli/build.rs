//! `wxm --version` says the version and build (git commit and date) as the app's About page does.

fn main() {
    build_info::emit();
}
