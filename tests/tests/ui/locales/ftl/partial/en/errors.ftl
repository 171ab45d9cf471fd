account-not-found = Account { $id } was not found.
cart-full = The cart is full.
