from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ row|get_item:column.key }}: a dict value by a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
