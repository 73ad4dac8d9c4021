from dealcoach._entry import main

main()
