from dealcoach.cli.main import main

main()
