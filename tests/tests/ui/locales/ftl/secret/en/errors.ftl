login-refused = The password { $password } is wrong.
