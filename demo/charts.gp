# demo/charts.gp: the charts of `make demo`, from the CSV files that demo/report.sh
# writes into demo/out (run from that directory).  PNG through cairo, and SVG.
#
#   monthly.csv   month, nps, nps_revenue_weighted, csat, ces, answers,
#                 nps 95% low, high, weighted nps 95% low, high
#   regions.csv   month, nps north america, emea, apac, latam
#   cohorts.csv   cohort month, % of the cohort that reached sign-up, activation,
#                 subscription, expansion

set datafile separator ','
set xdata time
set timefmt '%Y-%m-%d'
set format x '%b %y'
set grid ytics lc rgb '#dddddd'
set border 3
set tics nomirror
set key top left horizontal
set xtics rotate by -30
set rmargin 8

do for [fmt in 'png svg'] {
	if (fmt eq 'png') {
		set terminal pngcairo size 960,440 font 'sans,10' enhanced
	} else {
		set terminal svg size 960,440 font 'sans,10' dynamic enhanced background '#ffffff'
	}

	set output 'demo-nps.'.fmt
	set title 'Net Promoter Score by month, every answer against revenue-weighted (bands: 95% confidence intervals)'
	set ylabel 'NPS (-100..100)'
	set yrange [*:*]
	plot 'monthly.csv' using 1:9:10 with filledcurves fc rgb '#d62728' fs transparent solid 0.15 noborder notitle, \
	     '' using 1:7:8 with filledcurves fc rgb '#1f77b4' fs transparent solid 0.25 noborder notitle, \
	     '' using 1:2 with linespoints lw 2 pt 7 ps 0.6 lc rgb '#1f77b4' title 'NPS', \
	     '' using 1:3 with linespoints lw 2 pt 5 ps 0.6 lc rgb '#d62728' title 'NPS weighted by account revenue'

	set output 'nps-by-region.'.fmt
	set title 'NPS by region and month'
	plot 'regions.csv' using 1:2 with lines lw 2 title 'North America', \
	     '' using 1:3 with lines lw 2 title 'EMEA', \
	     '' using 1:4 with lines lw 2 title 'APAC', \
	     '' using 1:5 with lines lw 2 title 'LATAM'

	set output 'csat-ces.'.fmt
	set title 'CSAT (% satisfied) and customer effort (mean of 1..7) by month'
	set ylabel 'CSAT %'
	set y2label 'CES'
	set y2tics
	plot 'monthly.csv' using 1:4 axes x1y1 with linespoints lw 2 pt 7 ps 0.6 lc rgb '#2ca02c' title 'CSAT', \
	     '' using 1:5 axes x1y2 with linespoints lw 2 pt 5 ps 0.6 lc rgb '#9467bd' title 'CES'
	unset y2tics
	unset y2label

	set output 'journey-reach.'.fmt
	set title 'Share of each monthly cohort that reached a journey stage (recent cohorts are still on their way)'
	set ylabel '% of the cohort'
	set yrange [0:75]
	plot 'cohorts.csv' using 1:2 with linespoints lw 2 pt 7 ps 0.5 title 'Sign-up', \
	     '' using 1:3 with linespoints lw 2 pt 7 ps 0.5 title 'Activation', \
	     '' using 1:4 with linespoints lw 2 pt 7 ps 0.5 title 'Subscription', \
	     '' using 1:5 with linespoints lw 2 pt 7 ps 0.5 title 'Expansion'
	set yrange [*:*]
	set output
}
