"""The meeting pack of one block and half year: content.py gathers, pdf.py and xlsx.py print, make.py does both."""
