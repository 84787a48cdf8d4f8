from casestudy.cli import main

main()
