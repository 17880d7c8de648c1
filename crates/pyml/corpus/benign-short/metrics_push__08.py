# purpose: OpenTelemetry metrics exporter setup pushing to the local collector over OTLP/HTTP
from opentelemetry import metrics
from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader

reader = PeriodicExportingMetricReader(OTLPMetricExporter(endpoint="http://127.0.0.1:4318/v1/metrics"), export_interval_millis=15000)
metrics.set_meter_provider(MeterProvider(metric_readers=[reader]))
meter = metrics.get_meter("billing-worker")
invoices = meter.create_counter("invoices_generated", unit="1")
invoices.add(1, {"plan": "pro"})
