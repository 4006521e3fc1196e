# Removes what www set up, after hangar's agent deregistered the service.
file '/etc/hangar/www.env' do
  action :delete
end
