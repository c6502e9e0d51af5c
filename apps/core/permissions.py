from rest_framework import permissions


class IsStaff(permissions.BasePermission):
    message = "Staff only."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class IsSeller(permissions.BasePermission):
    """A signed-in user who owns a shop (role seller)."""

    message = "Only sellers can do this. Register a shop first."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and getattr(user, "is_seller", False))


class HasModelPermission(permissions.BasePermission):
    """Staff with a named Django permission: `required_permission = "orders.view_order"` on the view."""

    def has_permission(self, request, view):
        user = request.user
        perm = getattr(view, "required_permission", None)
        if not (user and user.is_authenticated and user.is_staff):
            return False
        return perm is None or user.has_perm(perm)
