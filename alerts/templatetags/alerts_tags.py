from django import template

from alerts.services import alerts_for_request

register = template.Library()


@register.inclusion_tag("components/alert_banner.html", takes_context=True)
def alert_banner(context):
    """The emergency alerts showing on this unit's site now (see alerts.services)."""
    request = context.get("request")
    return {"alerts": alerts_for_request(request, context.get("unit"))}
