from django.urls import path

from eservice.oversight import views

app_name = "oversight"
urlpatterns = [
    # Public: the guide and the §22 list.
    path("guide/", views.guide, name="guide"),
    path("guide/pdf/", views.guide_pdf, name="guide_pdf"),
    path("guide/tools/<int:tool_id>/", views.guide_tool, name="guide_tool"),
    path("oversight/not-compliant/", views.public_list, name="public_list"),
    # Agencies: their own readiness.
    path("readiness/", views.my_readiness, name="my_readiness"),
    path("readiness/<int:agency_id>/", views.readiness, name="readiness"),
    path("readiness/<int:agency_id>/declare/", views.declare, name="declare"),
    path("readiness/evidence/<int:declaration_id>/", views.evidence, name="evidence"),
    # Oversight staff.
    path("oversight/", views.overview, name="overview"),
    path("oversight/measure/", views.measure_now, name="measure_now"),
    path("oversight/compliance/", views.compliance, name="compliance"),
    path("oversight/declarations/", views.declarations, name="declarations"),
    path("oversight/declarations/<int:declaration_id>/", views.decide, name="decide"),
    path("oversight/notices/", views.notice_list, name="notices"),
    path("oversight/notices/<int:number>/", views.notice_detail, name="notice"),
    path("oversight/notices/<int:number>/pause/", views.notice_pause, name="notice_pause"),
    path("oversight/reports/", views.report_list, name="reports"),
    path("oversight/reports/<int:number>/", views.report_detail, name="report"),
    path("oversight/guide/", views.editions, name="editions"),
    path("oversight/guide/<int:number>/", views.edition, name="edition"),
    path("oversight/guide/<int:number>/tools/new/", views.tool_edit, name="tool_new"),
    path("oversight/guide/<int:number>/tools/<int:tool_id>/", views.tool_edit, name="tool_edit"),
]
