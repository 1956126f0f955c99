"""The follow-up's charts are core's (fotfaste.core.charts): employers draws its figures with them too."""

from fotfaste.core.charts import Bar, Chart, bar_chart, n  # noqa: F401
