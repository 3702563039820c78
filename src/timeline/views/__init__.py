"""What people see: text tables, the chart and the HTML report, made from the library's
plain values."""
