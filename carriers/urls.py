from django.urls import path

from . import views

app_name = "carriers"

urlpatterns = [
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/compare/", views.plan_compare, name="plan_compare"),
    path("plans/export.csv", views.PlanExportView.as_view(export_format="csv"), name="plan_export_csv"),
    path("plans/export.json", views.PlanExportView.as_view(export_format="json"), name="plan_export_json"),
    path("plans/<slug:slug>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("regions/", views.RegionListView.as_view(), name="region_list"),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("carriers/", views.CarrierListView.as_view(), name="carrier_list"),
    path("carriers/<slug:slug>/", views.CarrierDetailView.as_view(), name="carrier_detail"),
    path("methodology/", views.MethodologyView.as_view(), name="methodology"),
]
