"""The reports in the admin (/admin/bao-cao/<name>/), with their XLSX, CSV and PDF downloads."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .charts import layout
from .exports import FORMATS, export


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/report.html"
    header_icon = "table"
    page_title = gettext_lazy("Báo cáo")

    def dispatch(self, request, *args, **kwargs):
        if kwargs["name"] not in services.REPORTS:
            raise Http404
        self.units = services.reportable_units(request.user)
        if not self.units.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return services.REPORTS[self.kwargs["name"]][0]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        params = request.GET
        self.error = ""
        try:
            period = (
                services.Period.parse(params["ky"]) if params.get("ky") else services.default_period(kwargs["name"])
            )
        except services.PeriodError as error:
            self.error, period = str(error), services.default_period(kwargs["name"])
        filters = services.Filters(
            district=params.get("huyen", ""), unit_type=params.get("loai", ""), unit_code=params.get("don-vi", "")
        )
        self.report = services.build(kwargs["name"], self.units, period, filters)
        file_format = params.get("dinh-dang")
        if file_format in FORMATS:
            response = HttpResponse(export(self.report, file_format), content_type=FORMATS[file_format])
            response["Content-Disposition"] = f'attachment; filename="{self.report.filename}.{file_format}"'
            return response
        self.filters, self.period = filters, period
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        units = self.units.filter(is_active=True)
        query = {"ky": str(self.period), "huyen": self.filters.district, "loai": self.filters.unit_type}
        query["don-vi"] = self.filters.unit_code
        context.update(
            report=self.report,
            charts=[layout(chart) for chart in self.report.charts],
            error=self.error,
            period=str(self.period),
            filters=self.filters,
            query=urlencode({key: value for key, value in query.items() if value}),
            reports=[(key, label) for key, (label, _build) in services.REPORTS.items()],
            districts=units.districts(),
            unit_types=units.type_choices(),
            unit_choices=list(units.order_by("name").values_list("code", "name")),
        )
        return context
