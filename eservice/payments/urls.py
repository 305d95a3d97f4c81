from django.urls import path

from eservice.payments import views

app_name = "payments"
urlpatterns = [
    path("track/<str:token>/fee/", views.fee, name="fee"),
    path("track/<str:token>/fee/<str:number>.pdf", views.invoice_pdf, name="invoice_pdf"),
    path("staff/payments/", views.staff, name="staff"),
    path("staff/payments/account/", views.account, name="account"),
    path("staff/payments/fee/<str:reference>/", views.ask_fee, name="ask_fee"),
    path("staff/payments/statements/", views.import_statement, name="import_statement"),
    path("staff/payments/statements/<int:pk>/", views.statement, name="statement"),
    path("staff/payments/<int:pk>/resolve/", views.resolve, name="resolve"),
]
