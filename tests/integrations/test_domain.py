import hashlib

from apps.integrations import domain


def test_a_new_token_has_a_lookup_prefix_and_only_its_digest_is_kept():
    new = domain.token_new()
    assert new.token.startswith(f"cho_{new.prefix}_")
    assert len(new.prefix) == 12
    assert new.digest == hashlib.sha256(new.token.encode()).hexdigest()
    assert domain.token_prefix(new.token) == new.prefix
    assert domain.token_matches(new.token, new.digest)
    assert not domain.token_matches(new.token + "x", new.digest)


def test_tokens_are_unique_and_long():
    tokens = {domain.token_new().token for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(t) >= 4 + 13 + 43 for t in tokens)


def test_malformed_tokens_have_no_prefix():
    for bad in ["", "cho_", "cho_abc_def", "xyz_0123456789ab_" + "a" * 43, "cho_0123456789AB_" + "a" * 43,
                "cho_0123456789ab_short", "Bearer cho_0123456789ab_" + "a" * 43]:
        assert domain.token_prefix(bad) is None, bad


def test_manage_implies_read_but_not_the_other_way():
    assert domain.scope_allows(["orders:manage"], "orders:read")
    assert not domain.scope_allows(["orders:read"], "orders:manage")
    assert not domain.scope_allows(["catalog:read"], "orders:read")
    assert domain.scope_allows(["catalog:read"], None)


def test_order_scopes_need_a_shop_and_unknown_scopes_are_refused():
    assert domain.scopes_check(["catalog:read"], has_shop=False) == []
    assert domain.scopes_check(["orders:manage"], has_shop=True) == []
    assert domain.scopes_check(["orders:read"], has_shop=False)
    assert domain.scopes_check(["admin:everything"], has_shop=True)
    assert domain.scopes_check([], has_shop=True)
